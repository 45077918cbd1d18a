import SnapWriter

/// Reads `steps:`. Each step is a one-key mapping, `backup: { vm: VM1, ... }`; `hostBackup`, the
/// only step without fields, may also be written bare, as in the default `[ - hostBackup ]`.
enum StepReader {
    static let kinds = ["backup", "workload", "replica", "failover", "recoveryModel", "corruptPage", "checkdb",
                        "hostBackup", "restartService"]

    static func read(_ node: LocatedNode, topology: Topology) throws(ScenarioError) -> [Step] {
        var steps: [Step] = []
        for item in try node.list() {
            steps.append(Step(kind: try readKind(item, topology: topology), location: item.location))
        }
        return steps
    }

    static func readKind(_ item: LocatedNode, topology: Topology) throws(ScenarioError) -> Step.Kind {
        if case .scalar = item.node, !item.isNull {
            let kind = try item.choice(kinds)
            guard kind == "hostBackup" else {
                throw item.error("step '\(kind)' needs its fields; write it as '\(kind): { ... }'")
            }
            return .hostBackup
        }
        let step = try item.mapping(allowed: kinds)
        guard let entry = step.entries.first else {
            throw item.error("empty step; allowed: \(LocatedNode.listing(kinds))")
        }
        if step.entries.count > 1 {
            throw step.keyError(step.entries[1], "a step has one key, found '\(entry.key)' and "
                + "'\(step.entries[1].key)'; write each step as its own list item")
        }
        let body = entry.value
        switch entry.key {
        case "backup": return try backup(body, topology)
        case "workload": return try workload(body)
        case "replica": return try replica(body, topology)
        case "failover": return try failover(body, topology)
        case "recoveryModel": return try recoveryModel(body, topology)
        case "corruptPage": return try corruptPage(body, topology)
        case "checkdb": return try checkdb(body, topology)
        case "hostBackup": return try hostBackup(body)
        default: return try restartService(body, topology)
        }
    }

    private static func backup(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["vm", "database", "type", "copyOnly", "onlyIfPreferred", "wait",
                                                "inTransaction"])
        let (vm, database) = try vmAndDatabase(fields, topology)
        let types = BackupStep.Kind.allCases.map(\.rawValue)
        var step = BackupStep(vm: vm.name, database: database.name,
                              type: try fields.required("type", allowed: types).choice(BackupStep.Kind.self))
        if let copyOnly = fields["copyOnly"] { step.copyOnly = try copyOnly.bool() }
        if let onlyIfPreferred = fields["onlyIfPreferred"] { step.onlyIfPreferred = try onlyIfPreferred.bool() }
        if let wait = fields["wait"] { step.wait = try wait.bool() }
        if let inTransaction = fields["inTransaction"] { step.inTransaction = try inTransaction.bool() }
        return .backup(step)
    }

    private static func workload(_ body: LocatedNode) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["seconds"])
        return .workload(seconds: try fields.required("seconds").number(atLeast: 0, exclusive: true))
    }

    private static func replica(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let changes = ["synchronizationState", "connected", "redoLagSeconds"]
        let fields = try body.mapping(allowed: ["ag", "vm"] + changes)
        let group = try topology.availabilityGroup(fields.required("ag"))
        let replica = try topology.replica(fields.required("vm"), of: group)
        var change = ReplicaChange(ag: group.name, vm: replica.vm)
        if let state = fields["synchronizationState"] {
            change.synchronizationState = try state.choice(SynchronizationState.self)
        }
        if let connected = fields["connected"] { change.connected = try connected.bool() }
        if let lag = fields["redoLagSeconds"] { change.redoLagSeconds = try lag.number(atLeast: 0) }
        guard changes.contains(where: { fields[$0] != nil }) else {
            throw body.error("nothing to change; give at least one of: \(LocatedNode.listing(changes))")
        }
        return .replica(change)
    }

    private static func failover(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["ag", "to"])
        let group = try topology.availabilityGroup(fields.required("ag"))
        let target = try topology.replica(fields.required("to"), of: group)
        return .failover(ag: group.name, to: target.vm)
    }

    private static func recoveryModel(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["vm", "database", "model"])
        let (vm, database) = try vmAndDatabase(fields, topology)
        let models = RecoveryModel.allCases.map(\.rawValue)
        let model = try fields.required("model", allowed: models).choice(RecoveryModel.self)
        return .recoveryModel(vm: vm.name, database: database.name, model: model)
    }

    private static func corruptPage(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["vm", "database", "page"])
        let (vm, database) = try vmAndDatabase(fields, topology)
        let page = try fields.required("page", allowed: ["a page number, 0 or more"]).integer(in: 0...Int.max)
        return .corruptPage(vm: vm.name, database: database.name, page: page)
    }

    private static func checkdb(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["vm", "database"])
        let (vm, database) = try vmAndDatabase(fields, topology)
        return .checkdb(vm: vm.name, database: database.name)
    }

    private static func hostBackup(_ body: LocatedNode) throws(ScenarioError) -> Step.Kind {
        if body.isNull { return .hostBackup }
        guard case .mapping = body.node else {
            throw body.error("expected {} or nothing, found \(body.found); hostBackup takes no fields")
        }
        _ = try body.mapping(allowed: [])
        return .hostBackup
    }

    private static func restartService(_ body: LocatedNode, _ topology: Topology) throws(ScenarioError) -> Step.Kind {
        let fields = try body.mapping(allowed: ["vm", "service"])
        let vm = try topology.vm(fields.required("vm"))
        let services = GuestService.allCases.map(\.rawValue)
        let serviceNode = try fields.required("service", allowed: services)
        let service = try serviceNode.choice(GuestService.self)
        if service == .sqlWriter, vm.sql == nil {
            throw serviceNode.error("\(vm.name) has no SQL Server, so no \(service.rawValue) service; "
                + "services on \(vm.name): " + LocatedNode.listing(services.filter { $0 != service.rawValue }))
        }
        return .restartService(vm: vm.name, service: service.rawValue)
    }

    /// `vm` and `database` of steps that act on one database of one instance.
    private static func vmAndDatabase(_ fields: LocatedMapping, _ topology: Topology)
        throws(ScenarioError) -> (VMSpec, DatabaseSpec) {
        let vm = try topology.sqlVM(fields.required("vm")).vm
        return (vm, try topology.database(fields.required("database"), on: vm))
    }
}
