import SnapWriter

/// Reads `faults:`: which writer, on which VM or the host, at which event, does what, how often.
enum FaultReader {
    static let ruleKeys = ["vm", "writer", "event", "action", "error", "times", "delayMs"]
    static let actions = ["fail", "hang", "delay"]

    static func read(_ node: LocatedNode, topology: Topology) throws(ScenarioError) -> [FaultRule] {
        var rules: [FaultRule] = []
        for item in try node.list() {
            rules.append(try readRule(item, topology: topology))
        }
        return rules
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
