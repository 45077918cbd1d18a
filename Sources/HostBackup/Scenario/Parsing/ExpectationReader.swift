import SnapWriter

/// Reads `expect:`, keeping every expectation in the order it was written, so reports list them
/// as the user wrote them.
enum ExpectationReader {
    static let expectKeys = ["result", "hresult", "vms", "steps", "jobs"]
    static let jobKeys = ["day", "time", "host", "vm", "result", "hresult", "ok", "skipped", "msg"]
    static let vmKeys = ["method", "result", "writers", "databases", "image", "guestAgent"]
    static let imageKeys = ["consistency"]
    /// An image's verdict, or `none`: the VM has no image (the host backup failed, or none ran).
    static let imageConsistencies = ImageConsistency.allCases.map(\.rawValue) + ["none"]
    static let writerKeys = ["state", "lastError"]
    static let databaseKeys = ["backedUp", "isCopyOnly", "quiesced"]
    static let guestAgentKeys = ["freeze", "thaw", "thawError"]
    /// How a KVM host's agent call ended.
    static let agentAnswers = ["returned", "error", "timed-out", "not-called"]
    static let stepKeys = ["msg", "ok", "skipped"]
    static let hostResults = ["succeeded", "failed"]
    static let methods = ["child-vm-snapshot", "saved-state", "guest-agent-freeze", "crash-consistent-snapshot"]
    static let vmResults = ["succeeded", "failed", "not-attempted"]

    static func read(_ node: LocatedNode, topology: Topology, stepCount: Int,
                     schedule: Schedule? = nil) throws(ScenarioError) -> Expectations {
        let fields = try node.mapping(allowed: expectKeys)
        var expectations = Expectations()
        if let result = fields["result"] { expectations.result = try result.choice(hostResults) }
        if let hresult = fields["hresult"] { expectations.hresult = try self.hresult(hresult).hex }
        if let vms = fields["vms"] {
            let byVM = try vms.mapping(keyedBy: "VM names")
            for entry in byVM.entries {
                expectations.vms.append(try vm(entry, in: byVM, topology: topology))
            }
        }
        if let steps = fields["steps"] {
            expectations.steps = try self.steps(steps, stepCount: stepCount)
        }
        if let jobs = fields["jobs"] {
            expectations.jobs = try self.jobs(jobs, topology: topology, schedule: schedule)
        }
        return expectations
    }

    /// `jobs: { NAME: { day, time, host, vm, result, hresult, ok, skipped, msg } }`, or a
    /// list of such mappings under one name for several runs.
    private static func jobs(_ node: LocatedNode, topology: Topology, schedule: Schedule?)
        throws(ScenarioError) -> [JobExpectation] {
        let byName = try node.mapping(keyedBy: "job names")
        let names = schedule?.jobs.map(\.name) ?? []
        var expectations: [JobExpectation] = []
        for entry in byName.entries {
            guard names.contains(entry.key) else {
                throw byName.keyError(entry, "unknown job '\(entry.key)'; jobs: \(LocatedNode.listing(names))")
            }
            let items: [LocatedNode]
            if case .sequence = entry.value.node { items = try entry.value.list() } else { items = [entry.value] }
            for item in items {
                let fields = try item.mapping(allowed: jobKeys)
                var expectation = JobExpectation(job: entry.key)
                if let day = fields["day"] { expectation.day = try day.integer(in: 1...(schedule?.days ?? 1)) }
                if let host = fields["host"] { expectation.host = try topology.host(host) }
                if let vm = fields["vm"] { expectation.vm = try topology.vm(vm).name }
                if let time = fields["time"] {
                    let text = try time.text()
                    guard ScheduleReader.secondOfDay(text) != nil else {
                        throw time.error("expected a time of day HH:MM (00:00 to 23:59), found '\(text)'")
                    }
                    expectation.time = text
                }
                if let result = fields["result"] { expectation.result = try result.choice(hostResults) }
                if let hresult = fields["hresult"] { expectation.hresult = try self.hresult(hresult).hex }
                if let ok = fields["ok"] { expectation.ok = try ok.bool() }
                if let skipped = fields["skipped"] { expectation.skipped = try skipped.bool() }
                if let msg = fields["msg"] { expectation.msg = try msg.integer(in: 1...Int.max) }
                expectations.append(expectation)
            }
        }
        return expectations
    }

    private static func vm(_ entry: LocatedMapping.Entry, in byVM: LocatedMapping,
                           topology: Topology) throws(ScenarioError) -> VMExpectation {
        if let refusal = NameKind.vm.refusal(of: entry.key) { throw byVM.keyError(entry, refusal) }
        guard let vm = topology.vms.first(where: { $0.name == entry.key }) else {
            throw byVM.keyError(entry, "unknown VM '\(entry.key)'; VMs: \(LocatedNode.listing(topology.vms.map(\.name)))")
        }
        let fields = try entry.value.mapping(allowed: vmKeys)
        var expectation = VMExpectation(vm: vm.name)
        if let method = fields["method"] { expectation.method = try method.choice(methods) }
        if let result = fields["result"] { expectation.result = try result.choice(vmResults) }
        if let writers = fields["writers"] {
            let byWriter = try writers.mapping(keyedBy: "writer names")
            let names = Topology.guestWriters(of: vm).map(\.name)
            for writer in byWriter.entries {
                guard names.contains(writer.key) else {
                    throw byWriter.keyError(writer, "unknown writer '\(writer.key)' on \(vm.name); "
                        + "writers on \(vm.name): \(LocatedNode.listing(names))")
                }
                expectation.writers.append(try self.writer(writer))
            }
        }
        if let image = fields["image"] {
            let imageFields = try image.mapping(allowed: imageKeys)
            if let consistency = imageFields["consistency"] {
                expectation.imageConsistency = try consistency.choice(imageConsistencies)
            }
        }
        if let agent = fields["guestAgent"] {
            let agentFields = try agent.mapping(allowed: guestAgentKeys)
            if let freeze = agentFields["freeze"] { expectation.agentFreeze = try freeze.choice(agentAnswers) }
            if let thaw = agentFields["thaw"] { expectation.agentThaw = try thaw.choice(agentAnswers) }
            if let text = agentFields["thawError"] { expectation.agentThawError = try text.text() }
        }
        if let databases = fields["databases"] {
            let byDatabase = try databases.mapping(keyedBy: "database names")
            let names = vm.sql?.databases.map(\.name) ?? []
            for database in byDatabase.entries {
                if let refusal = NameKind.database.refusal(of: database.key) {
                    throw byDatabase.keyError(database, refusal)
                }
                guard names.contains(database.key) else {
                    throw byDatabase.keyError(database, "unknown database '\(database.key)' on \(vm.name); "
                        + "databases: \(LocatedNode.listing(names))")
                }
                expectation.databases.append(try self.database(database))
            }
        }
        return expectation
    }

    private static func writer(_ entry: LocatedMapping.Entry) throws(ScenarioError) -> WriterExpectation {
        let fields = try entry.value.mapping(allowed: writerKeys)
        var expectation = WriterExpectation(writer: entry.key)
        if let state = fields["state"] {
            let text = try state.text()
            guard let known = WriterState(name: text) else {
                throw state.error("unknown writer state '\(text)'; allowed: "
                    + LocatedNode.listing(WriterState.allCases.map(\.name)))
            }
            expectation.state = known.name
        }
        if let lastError = fields["lastError"] { expectation.lastError = try hresult(lastError).name }
        return expectation
    }

    private static func database(_ entry: LocatedMapping.Entry) throws(ScenarioError) -> DatabaseExpectation {
        let fields = try entry.value.mapping(allowed: databaseKeys)
        var expectation = DatabaseExpectation(database: entry.key)
        if let backedUp = fields["backedUp"] { expectation.backedUp = try backedUp.bool() }
        if let isCopyOnly = fields["isCopyOnly"] { expectation.isCopyOnly = try isCopyOnly.bool() }
        if let quiesced = fields["quiesced"] { expectation.quiesced = try quiesced.bool() }
        return expectation
    }

    private static func steps(_ node: LocatedNode, stepCount: Int) throws(ScenarioError) -> [StepExpectation] {
        let byIndex = try node.mapping(keyedBy: "step indexes, from 0")
        let indexes = switch stepCount {
        case 0: "none (the scenario has no steps)"
        case 1: "0"
        default: "0..\(stepCount - 1)"
        }
        var expectations: [StepExpectation] = []
        for entry in byIndex.entries {
            guard !entry.key.isEmpty, entry.key.allSatisfy({ ("0"..."9").contains($0) }),
                  let index = Int(entry.key) else {
                throw byIndex.keyError(entry, "'\(entry.key)' is not a step index; allowed: \(indexes)")
            }
            guard (0..<stepCount).contains(index) else {
                throw byIndex.keyError(entry, "no step \(index); allowed: \(indexes)")
            }
            // 2 and "2" are different YAML keys but the same step.
            if expectations.contains(where: { $0.index == index }) {
                throw byIndex.keyError(entry, "step \(index) already has an expectation; write it once")
            }
            let fields = try entry.value.mapping(allowed: stepKeys)
            var expectation = StepExpectation(index: index)
            if let msg = fields["msg"] { expectation.msg = try msg.integer(in: 1...Int.max) }
            if let ok = fields["ok"] { expectation.ok = try ok.bool() }
            if let skipped = fields["skipped"] { expectation.skipped = try skipped.bool() }
            expectations.append(expectation)
        }
        return expectations
    }

    /// `0x` and one to eight hex digits, or a name the SDK gives a code (`VSS_E_WRITERERROR_RETRYABLE`).
    private static func hresult(_ node: LocatedNode) throws(ScenarioError) -> HResult {
        let text = try node.text()
        let digits = text.dropFirst(2)
        let isHex = (text.hasPrefix("0x") || text.hasPrefix("0X")) && (1...8).contains(digits.count)
            && digits.allSatisfy(\.isHexDigit)
        if isHex, let code = HResult(text: text) { return code }
        if !isHex, let code = HResult(text: text), code.name == text { return code }
        throw node.error("'\(text)' is not an HRESULT; allowed: 0x followed by 1 to 8 hex digits "
            + "(e.g. 0x800423F4) or a VSS name (e.g. VSS_E_WRITERERROR_NONRETRYABLE)")
    }
}
