import SnapWriter

/// Reads `faults:`. A rule with `writer` makes a writer misbehave; one with `volume` makes a
/// guest volume's I/O fail or slow down; one with `host` breaks the host backup itself; one
/// with `repository` fails the writes of VM images into the backup target.
enum FaultReader {
    static let ruleKeys = ["vm", "writer", "event", "action", "error", "times", "delayMs"]
    static let actions = ["fail", "hang", "delay"]

    typealias Rules = FaultRules

    static func read(_ node: LocatedNode, topology: Topology) throws(ScenarioError) -> Rules {
        var rules = Rules()
        for item in try node.list() { try readOne(item, topology: topology, into: &rules) }
        return rules
    }

    /// One rule, added to those of its kind.
    static func readOne(_ item: LocatedNode, topology: Topology, into rules: inout Rules) throws(ScenarioError) {
        let keys = try item.mapping(keyedBy: "fault rule keys").entries.map(\.key)
        let kinds = ["writer", "volume", "host", "repository"].filter(keys.contains)
        if kinds.count > 1 {
            throw item.error("a fault rule has one of 'writer', 'volume', 'host' or 'repository', not "
                + kinds.joined(separator: " and "))
        }
        switch kinds.first {
        case "volume": rules.volumes.append(try VolumeFaultReader.read(item, topology: topology))
        case "host": rules.host.append(try HostFaultReader.read(item, topology: topology))
        case "repository": rules.repository.append(try RepositoryFaultReader.read(item, topology: topology))
        // Without any of the three it is read as the interface's writer rule, whose
        // missing 'writer' is the error.
        default: rules.writers.append(try readRule(item, topology: topology))
        }
    }

    private static func readRule(_ node: LocatedNode, topology: Topology) throws(ScenarioError) -> FaultRule {
        let fields = try node.mapping(allowed: ruleKeys)
        let vm = try fields["vm"].map { vmNode throws(ScenarioError) in try topology.vm(vmNode) }
        let writer = try readWriter(fields, on: vm)
        let eventNames = WriterEvent.faultable.map(\.rawValue)
        let event = WriterEvent(rawValue: try fields.required("event", allowed: eventNames).choice(eventNames))!
        let action = try readAction(fields)
        let times = try fields["times"].map { timesNode throws(ScenarioError) in try timesNode.integer(in: 1...Int.max) }
        return FaultRule(vm: vm?.name, writer: writer, event: event, action: action, times: times,
                         location: node.location)
    }

    /// A known writer that runs where the rule points: the Hyper-V writer on the host, SQL Server's
    /// writer in a guest with SQL Server, the system writers anywhere.
    private static func readWriter(_ fields: LocatedMapping, on vm: VMSpec?) throws(ScenarioError) -> String {
        let known = WriterIdentity.known.map(\.name)
        let node = try fields.required("writer", allowed: known)
        let name = try node.choice(known)
        if let vm {
            let writers = Topology.guestWriters(of: vm).map(\.name)
            guard writers.contains(name) else {
                throw node.error("\(name) does not run on \(vm.name); writers on \(vm.name): "
                    + LocatedNode.listing(writers))
            }
        } else {
            let writers = [WriterIdentity.hyperV] + WriterIdentity.systemWriters
            guard writers.contains(where: { $0.name == name }) else {
                throw node.error("\(name) does not run on the host (no 'vm' key); writers on the host: "
                    + LocatedNode.listing(writers.map(\.name)) + "; add vm: to target a guest")
            }
        }
        return name
    }

    /// `error` belongs to fail; `delayMs` to delay, and to fail as the pause before failing.
    /// On any other action they would be ignored, so they are refused.
    private static func readAction(_ fields: LocatedMapping) throws(ScenarioError) -> FaultRule.Action {
        let action = try fields.required("action", allowed: actions).choice(actions)
        for (key, owners) in [("error", ["fail"]), ("delayMs", ["delay", "fail"])] where !owners.contains(action) {
            if let entry = fields.entries.first(where: { $0.key == key }) {
                throw fields.keyError(entry, "'\(key)' applies only to action: \(owners.joined(separator: " or ")); "
                    + "this rule's action is \(action)")
            }
        }
        switch action {
        case "fail":
            let failures = WriterFailure.allCases.map(\.rawValue)
            let failure = try fields.required("error", allowed: failures).choice(WriterFailure.self)
            let pause = try fields["delayMs"]?.integer(in: 0...Int.max) ?? 0
            return .fail(failure, afterMilliseconds: pause)
        case "delay":
            return .delay(milliseconds: try fields.required("delayMs", allowed: ["milliseconds, 0 or more"]).integer(in: 0...Int.max))
        default:
            return .hang
        }
    }
}
