/// Where a trace event belongs on the page, read from its scope: `HV01` (the run's steps
/// and jobs), `HV01/requestor`, `HV01/VSS`, `HV01/<host writer>`, `HV01/VM1` (the guest's
/// integration service), `HV01/VM1/VSS`, `HV01/VM1/<writer>`, `HV01/VM1/MSSQLSERVER`,
/// `HV01/VM1/D:` (a volume).
struct TimelineScope {
    enum Place: Equatable {
        case run
        case requestor
        case vss
        case hyperV
        case writer(String)
        case sqlServer
        case volume(String)
    }

    /// The host the scope starts with.
    var host: String
    /// The VM, when the scope is inside one.
    var vm: String?
    var place: Place

    /// The machine whose events tile its writers' phases: the VM, or else the host.
    var machine: String { vm ?? host }

    init(_ scope: String, vms: Set<String>) {
        let parts = scope.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        host = parts[0]
        guard parts.count > 1 else {
            place = .run
            return
        }
        if parts.count == 2 {
            switch parts[1] {
            case "requestor": place = .requestor
            case "VSS": place = .vss
            case _ where vms.contains(parts[1]):
                vm = parts[1]
                place = .hyperV
            default: place = .writer(parts[1])
            }
            return
        }
        vm = parts[1]
        switch parts[2] {
        case "VSS": place = .vss
        case "MSSQLSERVER": place = .sqlServer
        case let name where name.count == 2 && name.hasSuffix(":"): place = .volume(name)
        default: place = .writer(parts[2])
        }
    }
}
