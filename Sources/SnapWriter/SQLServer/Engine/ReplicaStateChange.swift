/// What a scenario changes about one replica: its synchronization state, its connection,
/// and how far its redo has fallen behind.
extension SQLEngine {
    public func changeReplica(_ serverName: String, of groupName: String, synchronizationState: SynchronizationState?,
                              connected: Bool?, redoLagSeconds: Double?) {
        guard let group = group(named: groupName), let replica = group.replica(on: serverName),
            let instance = instance(named: serverName)
        else { preconditionFailure("a validated scenario names only replicas that exist") }
        var changes: [String] = []
        if let synchronizationState {
            if replica.role == .primary {
                changes.append("synchronizationState ignored: a primary is always SYNCHRONIZED")
            } else {
                replica.synchronizationState = synchronizationState
                changes.append("synchronization_state \(synchronizationState.code) (\(synchronizationState.sqlName))")
            }
        }
        if let connected {
            replica.connected = connected
            changes.append(connected ? "connected" : "disconnected")
        }
        if let redoLagSeconds {
            if replica.role == .primary {
                changes.append("redoLagSeconds ignored: a primary redoes nothing")
            } else {
                replica.redoLag = .milliseconds(Int64((redoLagSeconds * 1000).rounded()))
                changes.append("redo held \(Self.seconds(redoLagSeconds)) s behind")
            }
        }
        record(instance, "ReplicaChanged", "\(group.name)/\(serverName): " + changes.joined(separator: ", "))
    }

    /// `30` rather than `30.0`: seconds as a scenario writes them.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension SynchronizationState {
    /// synchronization_state_desc of sys.dm_hadr_database_replica_states.
    public var sqlName: String {
        switch self {
        case .notSynchronizing: "NOT SYNCHRONIZING"
        case .synchronizing: "SYNCHRONIZING"
        case .synchronized: "SYNCHRONIZED"
        }
    }
}
