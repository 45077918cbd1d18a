import SnapWriter

/// Reads `steps:`. Each step is a one-key mapping, `backup: { vm: VM1, ... }`; `hostBackup`, the
/// only step without fields, may also be written bare, as in the default `[ - hostBackup ]`.
enum StepReader {
    static let kinds = ["backup", "workload", "replica", "failover", "recoveryModel", "corruptPage", "checkdb",
                        "hostBackup", "restartService", "patchSql", "setVssOption"]

    static func read(_ node: LocatedNode, topology: Topology) throws(ScenarioError) -> [Step] {
        var topology = topology
        var steps: [Step] = []
        for item in try node.list() {
            steps.append(try readStep(item, topology: &topology))
        }
        return steps
    }

    /// One step, checked against the topology as the steps before it leave it: a `patchSql`
    /// step moves its VM's build (and collation) on, so a later patch is compared with that.
    static func readStep(_ item: LocatedNode, topology: inout Topology) throws(ScenarioError) -> Step {
        let step = Step(kind: try readKind(item, topology: topology), location: item.location)
        if case .patchSql(let patch) = step.kind { topology.apply(patch) }
        return step
    }

    private static func readKind(_ item: LocatedNode, topology: Topology) throws(ScenarioError) -> Step.Kind {
        if case .scalar = item.node, !item.isNull {
            let kind = try item.choice(kinds)
            guard kind == "hostBackup" else {
                throw item.error("step '\(kind)' needs its fields; write it as '\(kind): { ... }'")
            }
            return .hostBackup(host: nil)
        }
        let step = try item.mapping(allowed: kinds)
        guard let entry = step.entries.first else {
            throw item.error("empty step; allowed: \(LocatedNode.listing(kinds))")
        }
        if step.entries.count > 1 {
            throw step.keyError(step.entries[1], "a step has one key, found '\(entry.key)' and "
                + "'\(step.entries[1].key)'; write each step as its own list item")
        }
        return try kind(entry.key, entry.value, topology: topology)
    }

    /// The step written as `key: body`, in a step list or a job.
    static func kind(_ key: String, _ body: LocatedNode, topology: Topology) throws(ScenarioError) -> Step.Kind {
        switch key {
        case "backup": return try backup(body, topology)
        case "workload": return try workload(body)
        case "replica": return try replica(body, topology)
        case "failover": return try failover(body, topology)
        case "recoveryModel": return try recoveryModel(body, topology)
        case "corruptPage": return try corruptPage(body, topology)
        case "checkdb": return try checkdb(body, topology)
        case "hostBackup": return try hostBackup(body, topology)
        case "patchSql": return try patchSql(body, topology)
        case "setVssOption": return try setVssOption(body, topology)
        default: return try restartService(body, topology)
        }
    }

    static let backupKeys = ["vm", "database", "type", "copyOnly", "onlyIfPreferred", "wait", "inTransaction"]

    private static func backup(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: backupKeys)
        let (vm, database) = try vmAndDatabase(fields, topology)
        return .backup(try backup(fields, vm: vm.name, database: database.name))
    }

    /// A job's native backup: without `vm`, the same backup on every VM that holds the
    /// database (every replica of its availability group), as DBAs define one job per
    /// database and let `onlyIfPreferred` pick the replica. Returns the step (on the first
    /// such VM) and every VM it runs on.
    static func backupJob(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> (BackupStep, [String]) {
        let fields = try body.mapping(allowed: backupKeys)
        if fields["vm"] != nil {
            let (vm, database) = try vmAndDatabase(fields, topology)
            return (try backup(fields, vm: vm.name, database: database.name), [vm.name])
        }
        let databaseNode = try fields.required("database")
        let name = try databaseNode.name(.database)
        let targets = try topology.vmsHolding(name, at: databaseNode)
        return (try backup(fields, vm: targets[0], database: name), targets)
    }

    private static func backup(_ fields: LocatedMapping, vm: String, database: String) throws(ScenarioError) -> BackupStep {
        let types = BackupStep.Kind.allCases.map(\.rawValue)
        var step = BackupStep(vm: vm, database: database,
                              type: try fields.required("type", allowed: types).choice(BackupStep.Kind.self))
        if let copyOnly = fields["copyOnly"] { step.copyOnly = try copyOnly.bool() }
        if let onlyIfPreferred = fields["onlyIfPreferred"] { step.onlyIfPreferred = try onlyIfPreferred.bool() }
        if let wait = fields["wait"] { step.wait = try wait.bool() }
        if let inTransaction = fields["inTransaction"] { step.inTransaction = try inTransaction.bool() }
        return step
    }

    private static func workload(_ body: LocatedNode) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["seconds"])
        return .workload(seconds: try fields.required("seconds").number(atLeast: 0, exclusive: true))
    }

    private static func replica(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let changes = ["synchronizationState", "connected", "redoLagSeconds"]
        let fields = try body.mapping(allowed: ["ag", "vm"] + changes)
        let group = try topology.availabilityGroup(fields.required("ag"))
        let replica = try topology.replica(fields.required("vm"), of: group)
        var change = ReplicaChange(ag: group.name, vm: replica.vm)
        if let state = fields["synchronizationState"] {
            change.synchronizationState = try state.choice(SynchronizationState.self)
        }
        if let connected = fields["connected"] { change.connected = try connected.bool() }
        if let lag = fields["redoLagSeconds"] { change.redoLagSeconds = try lag.number(atLeast: 0) }
        guard changes.contains(where: { fields[$0] != nil }) else {
            throw body.error("nothing to change; give at least one of: \(LocatedNode.listing(changes))")
        }
        return .replica(change)
    }

    private static func failover(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["ag", "to"])
        let group = try topology.availabilityGroup(fields.required("ag"))
        let target = try topology.replica(fields.required("to"), of: group)
        return .failover(ag: group.name, to: target.vm)
    }

    private static func recoveryModel(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["vm", "database", "model"])
        let (vm, database) = try vmAndDatabase(fields, topology)
        let models = RecoveryModel.allCases.map(\.rawValue)
        let model = try fields.required("model", allowed: models).choice(RecoveryModel.self)
        return .recoveryModel(vm: vm.name, database: database.name, model: model)
    }

    private static func corruptPage(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["vm", "database", "page"])
        let (vm, database) = try vmAndDatabase(fields, topology)
        let page = try fields.required("page", allowed: ["a page number, 0 or more"]).integer(in: 0...Int.max)
        return .corruptPage(vm: vm.name, database: database.name, page: page)
    }

    private static func checkdb(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["vm", "database"])
        let (vm, database) = try vmAndDatabase(fields, topology)
        return .checkdb(vm: vm.name, database: database.name)
    }

    private static func hostBackup(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        if body.isNull { return .hostBackup(host: nil) }
        guard case .mapping = body.node else {
            throw body.error("expected {}, { host: NAME } or nothing, found \(body.found)")
        }
        let fields = try body.mapping(allowed: ["host"])
        return .hostBackup(host: try fields["host"].map { node throws(ScenarioError) in try topology.host(node) })
    }

    private static func restartService(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["vm", "service"])
        let vmNode = try fields.required("vm")
        let vm = try topology.vm(vmNode)
        guard vm.os == .windows else {
            throw vmNode.error("\(vm.name) runs linux, which has none of the Windows services that host VSS writers")
        }
        let services = GuestService.allCases.map(\.rawValue)
        let serviceNode = try fields.required("service", allowed: services)
        let service = try serviceNode.choice(GuestService.self)
        if service == .sqlWriter, vm.sql == nil {
            throw serviceNode.error("\(vm.name) has no SQL Server, so no \(service.rawValue) service; "
                + "services on \(vm.name): " + LocatedNode.listing(services.filter { $0 != service.rawValue }))
        }
        return .restartService(vm: vm.name, service: service.rawValue)
    }

    /// The registry value a Windows guest's agent reads at its next freeze: a VM with an
    /// agent, on Windows. Any DWORD is stored (one outside 1...5 means FULL to the agent).
    private static func setVssOption(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["vm", "value"])
        let vmNode = try fields.required("vm")
        let vm = try topology.vm(vmNode)
        guard vm.guestAgent != nil, vm.os == .windows else {
            let withAgent = topology.vms.filter { $0.guestAgent != nil && $0.os == .windows }.map(\.name)
            let why = vm.os == .linux ? "runs linux, whose agent has no VssOption" : "has no guestAgent"
            throw vmNode.error("\(vm.name) \(why); Windows VMs with a guest agent: \(LocatedNode.listing(withAgent))")
        }
        let value = try fields.required("value", allowed: ["a DWORD, 0 to 4294967295 (1...5 are backup types)"])
            .integer(in: 0...Int(UInt32.max))
        return .setVssOption(vm: vm.name, value: value)
    }

    /// SQL Server setup installs a build only over an older one (or reapplies the same):
    /// there is no in-place downgrade, so an older build is bad input, not a failed step.
    private static func patchSql(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["vm", "version", "collation"])
        let (vm, instance) = try topology.sqlVM(fields.required("vm"))
        let versionNode = try fields.required("version", allowed: SQLVersion.allCases.map(\.rawValue))
        let version = try versionNode.choice(SQLVersion.self)
        guard version >= instance.version else {
            throw versionNode.error("\(version.rawValue) is older than \(instance.version.rawValue), which \(vm.name) "
                + "runs by this step; SQL Server cannot be downgraded in place; allowed: "
                + LocatedNode.listing(SQLVersion.allCases.filter { $0 >= instance.version }.map(\.rawValue)))
        }
        var patch = SQLPatch(vm: vm.name, version: version)
        if let node = fields["collation"] {
            let collation = try VMReader.readCollation(node)
            try checkNamesStayUnique(instance.databases.map(\.name), under: collation, node: node, vm: vm.name)
            patch.collation = collation
        }
        return .patchSql(patch)
    }

    /// Database names are unique under the server collation: a case-insensitive one must not
    /// make two names that differ only in case (possible under a case-sensitive one) clash.
    private static func checkNamesStayUnique(_ names: [String], under collation: Collation, node: LocatedNode,
                                             vm: String) throws(ScenarioError) {
        guard !collation.isCaseSensitive else { return }
        for (index, name) in names.enumerated() {
            if let other = names[..<index].first(where: { $0.lowercased() == name.lowercased() }) {
                throw node.error("\(collation.name) ignores case, and \(vm) has databases '\(other)' and '\(name)'; "
                    + "database names must stay unique under the new collation")
            }
        }
    }

    /// `vm` and `database` of steps that act on one database of one instance.
    private static func vmAndDatabase(_ fields: LocatedMapping, _ topology: Topology)
        throws(ScenarioError) -> (VMSpec, DatabaseSpec) {
        let vm = try topology.sqlVM(fields.required("vm")).vm
        return (vm, try topology.database(fields.required("database"), on: vm))
    }
}
