import SnapWriter

/// What SQL Server refuses when an availability group is created: the roles of its replicas,
/// the limits of Basic availability groups, and the state of its databases on every replica.
enum AvailabilityGroupRules {
    /// Standard edition has no availability groups before 2016, and only Basic ones from then.
    static let firstBasicVersion = SQLVersion.v2016

    static func check(_ group: WrittenAvailabilityGroup, earlier: [AvailabilityGroupSpec],
                      topology: Topology) throws(ScenarioError) {
        try checkOnePrimary(group)
        try checkBasicLimits(group, topology: topology)
        try checkDatabases(group, earlier: earlier, topology: topology)
    }

    private static func checkOnePrimary(_ group: WrittenAvailabilityGroup) throws(ScenarioError) {
        let name = group.spec.name
        var primary: String?
        for (replica, fields) in zip(group.spec.replicas, group.replicaFields) where replica.role == .primary {
            if let primary {
                throw fields["role"]!.error("\(name) already has primary \(primary); "
                    + "exactly one replica has role: primary")
            }
            primary = replica.vm
        }
        if primary == nil {
            throw group.replicasNode.error("\(name) has no primary replica; exactly one replica has role: primary")
        }
    }

    private static func checkBasicLimits(_ group: WrittenAvailabilityGroup, topology: Topology) throws(ScenarioError) {
        let spec = group.spec
        var standardVM: String?
        for (replica, fields) in zip(spec.replicas, group.replicaFields) {
            guard let instance = instance(of: replica, in: topology), instance.edition == .standard else { continue }
            if instance.version < firstBasicVersion {
                throw fields["vm"]!.error("\(replica.vm) runs SQL Server \(instance.version.rawValue) Standard edition, "
                    + "which has no availability groups; Basic availability groups need \(firstBasicVersion.rawValue) or later")
            }
            standardVM = standardVM ?? replica.vm
        }
        guard let standardVM else { return }
        let basic = "\(spec.name) is a Basic availability group (\(standardVM) runs Standard edition)"
        if spec.replicas.count > 2 {
            throw group.replicaFields[2].owner.error("\(basic): at most two replicas allowed, found \(spec.replicas.count)")
        }
        if spec.databases.count != 1 {
            let node = group.fields["databases"] ?? group.fields.owner
            throw node.error("\(basic): exactly one database allowed, found \(spec.databases.count)")
        }
    }

    private static func checkDatabases(_ group: WrittenAvailabilityGroup, earlier: [AvailabilityGroupSpec],
                                       topology: Topology) throws(ScenarioError) {
        let spec = group.spec
        for (name, node) in zip(spec.databases, group.databaseNodes) {
            for replica in spec.replicas {
                let databases = instance(of: replica, in: topology)?.databases ?? []
                guard let database = databases.first(where: { $0.name == name }) else {
                    throw node.error("database '\(name)' does not exist on replica \(replica.vm); "
                        + "an availability group's databases must exist on every replica; databases on "
                        + "\(replica.vm): \(LocatedNode.listing(databases.map(\.name)))")
                }
                guard database.recoveryModel == .full else {
                    throw node.error("database '\(name)' on \(replica.vm) uses recoveryModel: "
                        + "\(database.recoveryModel.rawValue); availability group databases must use full")
                }
                if let other = earlier.first(where: { other in
                    other.databases.contains(name) && other.replicas.contains { $0.vm == replica.vm }
                }) {
                    throw node.error("database '\(name)' on \(replica.vm) already belongs to \(other.name); "
                        + "a database joins at most one availability group")
                }
            }
        }
    }

    private static func instance(of replica: ReplicaSpec, in topology: Topology) -> SQLInstanceSpec? {
        topology.vms.first { $0.name == replica.vm }?.sql
    }
}
