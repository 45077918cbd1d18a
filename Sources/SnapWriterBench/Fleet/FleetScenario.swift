/// Writes the scenario of a generated fleet: `hosts` Hyper-V hosts of `vmsPerHost` VMs, one
/// VM in five a SQL Server 2012 SP2 CU2 guest. SQL VMs are paired across neighbouring hosts
/// into availability groups of two replicas (an odd one out stays standalone); each group
/// has one database, backed up in full on its primary before the week starts and by a log
/// backup job every 15 minutes that only the preferred replica runs. Each host has a nightly
/// host backup, the hosts staggered five minutes apart from 20:00. Volumes are in memory.
public struct FleetScenario {
    public let shape: FleetShape

    public init(shape: FleetShape) {
        self.shape = shape
    }

    /// A SQL VM: its host's index, its name and the group it joins, if any.
    struct SQLVM {
        let host: Int
        let name: String
    }

    static func hostName(_ host: Int) -> String { "HV" + twoDigits(host + 1) }

    static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// The name of the `index`-th VM of `host`: `HV03-VM07`.
    static func vmName(host: Int, index: Int) -> String { "\(hostName(host))-VM\(twoDigits(index + 1))" }

    /// SQL VMs taken round-robin across hosts, so consecutive ones sit on different hosts.
    var sqlVMs: [SQLVM] {
        let perHost = (0..<shape.vmsPerHost).filter { $0 % 5 == 0 }
        return perHost.flatMap { index in
            (0..<shape.hosts).map { SQLVM(host: $0, name: Self.vmName(host: $0, index: index)) }
        }
    }

    /// Pairs of consecutive SQL VMs on different hosts: the groups' replicas, primary first.
    var groups: [(primary: SQLVM, secondary: SQLVM)] {
        var pairs: [(SQLVM, SQLVM)] = []
        var waiting: SQLVM?
        for vm in sqlVMs {
            if let first = waiting, first.host != vm.host {
                pairs.append((first, vm))
                waiting = nil
            } else if waiting == nil {
                waiting = vm
            }
        }
        return pairs
    }

    /// The scenario as YAML.
    public var yaml: String {
        let groups = groups
        var databaseOf: [String: String] = [:]
        for (index, group) in groups.enumerated() {
            databaseOf[group.primary.name] = "DB\(index + 1)"
            databaseOf[group.secondary.name] = "DB\(index + 1)"
        }
        let sqlNames = Set(sqlVMs.map(\.name))
        var lines = ["name: \(shape.name)", "seed: 1", "volumes: memory", "hosts:"]
        for host in 0..<shape.hosts {
            lines += ["  - name: \(Self.hostName(host))", "    vms:"]
            for index in 0..<shape.vmsPerHost {
                let name = Self.vmName(host: host, index: index)
                lines.append("      - name: \(name)")
                guard sqlNames.contains(name) else { continue }
                let database = databaseOf[name] ?? "Local\(name.filter(\.isNumber))"
                lines.append("        sql: { version: 2012-SP2-CU2, databases: [ { name: \(database) } ] }")
            }
        }
        if !groups.isEmpty {
            lines.append("availabilityGroups:")
            for (index, group) in groups.enumerated() {
                lines += ["  - name: AG\(index + 1)", "    databases: [DB\(index + 1)]",
                          "    replicas: [ { vm: \(group.primary.name), role: primary }, "
                              + "{ vm: \(group.secondary.name), role: secondary } ]"]
            }
            lines.append("steps:")
            for (index, group) in groups.enumerated() {
                lines.append("  - backup: { vm: \(group.primary.name), database: DB\(index + 1), type: full }")
            }
        }
        lines += ["schedule:", "  days: \(shape.days)", "  jobs:"]
        for host in 0..<shape.hosts {
            let minutes = 20 * 60 + 5 * host
            lines += ["    - name: nightly \(Self.hostName(host))", "      hostBackup: { host: \(Self.hostName(host)) }",
                      "      daily: \"\(Self.twoDigits(minutes / 60 % 24)):\(Self.twoDigits(minutes % 60))\""]
        }
        for index in groups.indices {
            lines += ["    - name: log DB\(index + 1)",
                      "      backup: { database: DB\(index + 1), type: log, onlyIfPreferred: true }",
                      "      every: 15m"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
