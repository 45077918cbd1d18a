/// AUTOMATED_BACKUP_PREFERENCE of an availability group.
public enum BackupPreference: String, Sendable, CaseIterable {
    case primary
    case secondaryOnly = "secondary_only"
    case secondary
    case none
}

public enum ReplicaRole: String, Sendable, CaseIterable {
    case primary
    case secondary
}

public enum AvailabilityMode: String, Sendable, CaseIterable {
    case synchronousCommit = "synchronous-commit"
    case asynchronousCommit = "asynchronous-commit"
}

/// sys.dm_hadr_database_replica_states.synchronization_state, as scenarios spell it.
public enum SynchronizationState: String, Sendable, CaseIterable {
    case synchronized
    case synchronizing
    case notSynchronizing = "not-synchronizing"

    public var code: Int {
        switch self {
        case .notSynchronizing: 0
        case .synchronizing: 1
        case .synchronized: 2
        }
    }

    public var canBackUp: Bool { self != .notSynchronizing }
}
