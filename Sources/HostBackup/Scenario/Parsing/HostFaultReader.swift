import SnapWriter

/// Reads a host fault rule: `host: vm-stops | integration-service-silent | second-backup |
/// requester-disappears`, the VM it hits (all but second-backup), the event it happens at
/// and how many host backups it hits.
enum HostFaultReader {
    static let keys = ["host", "vm", "event", "times"]

    static func read(_ node: LocatedNode, topology: Topology) throws(ScenarioError) -> HostFaultRule {
        let fields = try node.mapping(allowed: keys)
        let kind = try fields.required("host", allowed: HostFaultRule.Kind.allCases.map(\.rawValue))
            .choice(HostFaultRule.Kind.self)
        var vm: VMSpec?
        if kind.needsVM {
            vm = try topology.vm(fields.required("vm"))
        } else if let entry = fields.entries.first(where: { $0.key == "vm" }) {
            throw fields.keyError(entry, "'vm' does not apply to host: \(kind.rawValue), which acts on the host")
        }
        var event = kind.defaultEvent
        if let eventNode = fields["event"] {
            let allowed = kind.events.map(\.rawValue)
            guard !allowed.isEmpty else {
                throw eventNode.error("'event' does not apply to host: \(kind.rawValue); it hits the whole guest backup")
            }
            event = WriterEvent(rawValue: try eventNode.choice(allowed))
        }
        let times = try fields["times"]?.integer(in: 1...Int.max)
        return HostFaultRule(kind: kind, vm: vm?.name, event: event, times: times, location: node.location)
    }
}
