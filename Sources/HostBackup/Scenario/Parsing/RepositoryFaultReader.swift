import SnapWriter

/// Reads a repository fault rule: `repository: no-space | io-error`, the VM whose image it
/// hits (every VM's when left out), how many bytes are in before the write fails, and how
/// many image writes it fails.
enum RepositoryFaultReader {
    static let keys = ["repository", "vm", "afterBytes", "times"]

    static func read(_ node: LocatedNode, topology: Topology) throws(ScenarioError) -> RepositoryFaultRule {
        let fields = try node.mapping(allowed: keys)
        let kind = try fields.required("repository", allowed: RepositoryFaultRule.Kind.allCases.map(\.rawValue))
            .choice(RepositoryFaultRule.Kind.self)
        let vm = try fields["vm"].map { vmNode throws(ScenarioError) in try topology.vm(vmNode) }
        let afterBytes = try fields["afterBytes"]?.integer(in: 0...Int.max) ?? 0
        let times = try fields["times"]?.integer(in: 1...Int.max)
        return RepositoryFaultRule(kind: kind, vm: vm?.name, afterBytes: afterBytes, times: times,
                                   location: node.location)
    }
}
