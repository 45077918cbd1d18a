/// The machines a timeline draws a lane for: every host and its VMs, in the scenario's
/// order. A trace names machines in its scopes (`HV01/VM1/SqlServerWriter`); the topology
/// tells a VM from a host's writer of the same depth.
struct TimelineTopology {
    struct Host {
        var name: String
        var vms: [String]
    }

    var hosts: [Host]
    let vmNames: Set<String>

    init(hosts: [Host]) {
        self.hosts = hosts
        vmNames = Set(hosts.flatMap(\.vms))
    }

    init(scenario: Scenario) {
        self.init(hosts: scenario.hosts.map { Host(name: $0.name, vms: scenario.vms(of: $0).map(\.name)) })
    }

    /// Only the hosts named (a fleet's night draws the host backed up).
    func only(_ names: Set<String>) -> TimelineTopology {
        TimelineTopology(hosts: hosts.filter { names.contains($0.name) })
    }
}
