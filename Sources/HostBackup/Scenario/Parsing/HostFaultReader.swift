import SnapWriter

/// Reads a host fault rule: `host: vm-stops | integration-service-silent | second-backup |
/// requester-disappears`, the VM it hits (all but second-backup), the event it happens at
/// and how many host backups it hits.
enum HostFaultReader {
    static let keys = ["host", "vm", "event", "times", "seconds"]

    static func read(_ node: LocatedNode, topology: Topology) throws(ScenarioError) -> HostFaultRule {
        let fields = try node.mapping(allowed: keys)
        let kind = try fields.required("host", allowed: HostFaultRule.Kind.allCases.map(\.rawValue))
            .choice(HostFaultRule.Kind.self)
        var vm: VMSpec?
        if kind.needsVM {
            let vmNode = try fields.required("vm")
            vm = try topology.vm(vmNode)
            let hypervisor = topology.hypervisor(of: vm!)
            guard hypervisor == kind.hypervisor else {
                throw vmNode.error("host: \(kind.rawValue) breaks a \(kind.hypervisor.rawValue) host's backup; "
                    + "\(vm!.name) runs on a \(hypervisor.rawValue) host")
            }
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
        var rule = HostFaultRule(kind: kind, vm: vm?.name, event: event, times: times, location: node.location)
        if kind == .slowBackupStart {
            rule.seconds = try fields.required("seconds", allowed: ["seconds, above 0"]).number(atLeast: 0, exclusive: true)
        } else if let entry = fields.entries.first(where: { $0.key == "seconds" }) {
            throw fields.keyError(entry, "'seconds' applies only to host: slow-backup-start")
        }
        return rule
    }
}
