/// The size of one generated fleet: hosts, VMs on each host and simulated days.
public struct FleetShape: Equatable, Sendable {
    public let hosts: Int
    public let vmsPerHost: Int
    public let days: Int

    public init(hosts: Int, vmsPerHost: Int, days: Int) {
        self.hosts = hosts
        self.vmsPerHost = vmsPerHost
        self.days = days
    }

    public var vms: Int { hosts * vmsPerHost }

    /// The figure's name: `fleet-500vms-7d`.
    public var name: String { "fleet-\(vms)vms-\(days)d" }

    /// The growth curve: 100, 300 and 500 VMs (25 per host) over 1, 3 and 7 days.
    public static let standard: [FleetShape] = [4, 12, 20].flatMap { hosts in
        [1, 3, 7].map { FleetShape(hosts: hosts, vmsPerHost: 25, days: $0) }
    }

    /// A check that everything works, not a measurement: 2 hosts × 5 VMs and 1 host × 5 VMs,
    /// one day each, so the report still has a ratio.
    public static let quick: [FleetShape] = [
        FleetShape(hosts: 1, vmsPerHost: 5, days: 1), FleetShape(hosts: 2, vmsPerHost: 5, days: 1),
    ]
}
