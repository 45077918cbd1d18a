import SnapWriter

/// The VMs and availability groups a scenario declares. Faults, steps and expectations are read
/// after them so that every name they use is checked here, and a miss says which names exist.
struct Topology {
    var vms: [VMSpec]
    var availabilityGroups: [AvailabilityGroupSpec] = []
    var hostNames: [String] = []
    /// Each host's hypervisor, in the order of `hostNames`.
    var hypervisors: [Hypervisor] = []

    /// The hypervisor of the host a VM runs on.
    func hypervisor(of vm: VMSpec) -> Hypervisor {
        hypervisorsByVM[vm.name] ?? hypervisors.first ?? .hyperV
    }

    /// On a fleet, each VM's host's hypervisor; empty for one host (all its VMs share it).
    var hypervisorsByVM: [String: Hypervisor] = [:]

    func host(_ node: LocatedNode) throws(ScenarioError) -> String {
        let name = try node.name(.host)
        guard hostNames.contains(name) else {
            throw node.error("unknown host '\(name)'; hosts: \(LocatedNode.listing(hostNames))")
        }
        return name
    }

    func vm(_ node: LocatedNode) throws(ScenarioError) -> VMSpec {
        let name = try node.name(.vm)
        guard let vm = vms.first(where: { $0.name == name }) else {
            throw node.error("unknown VM '\(name)'; VMs: \(LocatedNode.listing(vms.map(\.name)))")
        }
        return vm
    }

    func sqlVM(_ node: LocatedNode) throws(ScenarioError) -> (vm: VMSpec, instance: SQLInstanceSpec) {
        let vm = try vm(node)
        guard let instance = vm.sql else {
            let withSQL = vms.filter { $0.sql != nil }.map(\.name)
            throw node.error("\(vm.name) has no SQL Server (no 'sql' key); VMs with SQL Server: "
                + LocatedNode.listing(withSQL))
        }
        return (vm, instance)
    }

    /// References spell a name exactly as declared, even where uniqueness ignores case.
    func database(_ node: LocatedNode, on vm: VMSpec) throws(ScenarioError) -> DatabaseSpec {
        let name = try node.name(.database)
        let databases = vm.sql?.databases ?? []
        guard let database = databases.first(where: { $0.name == name }) else {
            throw node.error("unknown database '\(name)' on \(vm.name); databases: "
                + LocatedNode.listing(databases.map(\.name)))
        }
        return database
    }

    func availabilityGroup(_ node: LocatedNode) throws(ScenarioError) -> AvailabilityGroupSpec {
        let name = try node.name(.availabilityGroup)
        guard let group = availabilityGroups.first(where: { $0.name == name }) else {
            throw node.error("unknown availability group '\(name)'; availability groups: "
                + LocatedNode.listing(availabilityGroups.map(\.name)))
        }
        return group
    }

    func replica(_ node: LocatedNode, of group: AvailabilityGroupSpec) throws(ScenarioError) -> ReplicaSpec {
        let vm = try vm(node)
        guard let replica = group.replicas.first(where: { $0.vm == vm.name }) else {
            throw node.error("\(vm.name) is not a replica of \(group.name); replicas: "
                + LocatedNode.listing(group.replicas.map(\.vm)))
        }
        return replica
    }

    /// The VMs a database-wide job runs on: every replica of the availability group that
    /// holds the database, or, outside any group, every instance with a database of that name.
    func vmsHolding(_ database: String, at node: LocatedNode) throws(ScenarioError) -> [String] {
        let groups = availabilityGroups.filter { $0.databases.contains(database) }
        if groups.count > 1 {
            throw node.error("'\(database)' is a database of \(LocatedNode.listing(groups.map(\.name))); "
                + "give 'vm' to say which replica runs this job")
        }
        if let group = groups.first { return group.replicas.map(\.vm) }
        let holders = vms.filter { $0.sql?.databases.contains { $0.name == database } == true }.map(\.name)
        guard !holders.isEmpty else {
            let all = Set(vms.flatMap { $0.sql?.databases.map(\.name) ?? [] }).sorted()
            throw node.error("no VM holds a database '\(database)'; databases: \(LocatedNode.listing(all))")
        }
        return holders
    }

    /// The build (and collation) a `patchSql` step leaves its VM with, for the steps after it.
    mutating func apply(_ patch: SQLPatch) {
        guard let index = vms.firstIndex(where: { $0.name == patch.vm }), vms[index].sql != nil else { return }
        vms[index].sql?.version = patch.version
        if let collation = patch.collation { vms[index].sql?.collation = collation }
    }

    /// The writers running inside a VM; the Hyper-V writer runs on the host.
    static func guestWriters(of vm: VMSpec) -> [WriterIdentity] {
        // A Linux guest has no VSS, and so no writers.
        guard vm.os == .windows else { return [] }
        return (vm.sql == nil ? [] : [.sqlServer]) + WriterIdentity.systemWriters
    }
}
