import SnapWriter

/// Reads `availabilityGroups:`; each group is checked against the rules of SQL Server as soon as
/// it is read, so an error names the group that breaks them.
enum AvailabilityGroupReader {
    static let groupKeys = ["name", "databases", "automatedBackupPreference", "replicas"]
    static let replicaKeys = ["vm", "role", "availabilityMode", "backupPriority", "synchronizationState", "connected",
                              "logSendRateKBps", "redoRateKBps"]

    static func read(_ node: LocatedNode, topology: Topology) throws(ScenarioError) -> [AvailabilityGroupSpec] {
        var groups: [AvailabilityGroupSpec] = []
        for item in try node.list() {
            let group = try readGroup(item, earlier: groups, topology: topology)
            try AvailabilityGroupRules.check(group, earlier: groups, topology: topology)
            groups.append(group.spec)
        }
        return groups
    }

    private static func readGroup(_ node: LocatedNode, earlier: [AvailabilityGroupSpec],
                                  topology: Topology) throws(ScenarioError) -> WrittenAvailabilityGroup {
        let fields = try node.mapping(allowed: groupKeys)
        let nameNode = try fields.required("name")
        let name = try nameNode.name(.availabilityGroup)
        // Availability group names are cluster resource names, which ignore case.
        if let index = earlier.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            throw nameNode.error("duplicate availability group name '\(name)' (availabilityGroups[\(index)] is "
                + "'\(earlier[index].name)'); availability group names must be unique, ignoring case")
        }
        var spec = AvailabilityGroupSpec(name: name)
        var databaseNodes: [LocatedNode] = []
        if let databases = fields["databases"] {
            for item in try databases.list() {
                let database = try item.name(.database)
                if let index = spec.databases.firstIndex(of: database) {
                    throw item.error("'\(database)' is listed twice (also databases[\(index)]); "
                        + "each database joins an availability group once")
                }
                spec.databases.append(database)
                databaseNodes.append(item)
            }
        }
        if let preference = fields["automatedBackupPreference"] {
            spec.automatedBackupPreference = try preference.choice(BackupPreference.self)
        }
        let replicasNode = try fields.required("replicas")
        var replicaFields: [LocatedMapping] = []
        for item in try replicasNode.list() {
            let replicaMapping = try item.mapping(allowed: replicaKeys)
            let replica = try readReplica(replicaMapping, of: spec, topology: topology)
            spec.replicas.append(replica)
            replicaFields.append(replicaMapping)
        }
        return WrittenAvailabilityGroup(spec: spec, fields: fields, databaseNodes: databaseNodes,
                                        replicasNode: replicasNode, replicaFields: replicaFields)
    }

    private static func readReplica(_ fields: LocatedMapping, of group: AvailabilityGroupSpec,
                                    topology: Topology) throws(ScenarioError) -> ReplicaSpec {
        let vmNode = try fields.required("vm")
        let vm = try topology.sqlVM(vmNode).vm
        if let index = group.replicas.firstIndex(where: { $0.vm == vm.name }) {
            throw vmNode.error("\(vm.name) is listed twice in \(group.name) (also replicas[\(index)]); "
                + "a VM holds at most one replica of an availability group")
        }
        let role = try fields.required("role", allowed: ReplicaRole.allCases.map(\.rawValue))
        var replica = ReplicaSpec(vm: vm.name, role: try role.choice(ReplicaRole.self))
        if let mode = fields["availabilityMode"] { replica.availabilityMode = try mode.choice(AvailabilityMode.self) }
        if let priority = fields["backupPriority"] { replica.backupPriority = try priority.integer(in: 0...100) }
        if let state = fields["synchronizationState"] {
            replica.synchronizationState = try state.choice(SynchronizationState.self)
        }
        if let connected = fields["connected"] { replica.connected = try connected.bool() }
        if let rate = fields["logSendRateKBps"] { replica.logSendRateKBps = try rate.number(atLeast: 0, exclusive: true) }
        if let rate = fields["redoRateKBps"] { replica.redoRateKBps = try rate.number(atLeast: 0, exclusive: true) }
        return replica
    }
}

/// An availability group as read, with the nodes its rules point at when they are broken.
struct WrittenAvailabilityGroup {
    let spec: AvailabilityGroupSpec
    let fields: LocatedMapping
    /// One per entry of `spec.databases`.
    let databaseNodes: [LocatedNode]
    let replicasNode: LocatedNode
    /// One per entry of `spec.replicas`.
    let replicaFields: [LocatedMapping]
}
