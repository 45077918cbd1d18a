/// One availability replica: the instance that hosts it and how it takes part.
public final class AvailabilityReplica {
    public let serverName: String
    public var role: ReplicaRole
    public var availabilityMode: AvailabilityMode
    public var backupPriority: Int
    public var synchronizationState: SynchronizationState
    public var connected: Bool
    /// How fast the primary ships log to this replica when it is a secondary (log_send_rate).
    public var logSendRateKBps: Double
    /// How fast this replica redoes hardened log when it is a secondary (redo_rate).
    public var redoRateKBps: Double
    /// Redo stays at least this far behind the log it hardens (a stalled or delayed redo
    /// thread); zero lets it catch up at the redo rate.
    public var redoLag: Duration = .zero

    /// Modelled rates: a LAN link and a redo thread well ahead of the default workload's
    /// 50 KB/s, so queues only build when a scenario slows them or cuts the link.
    public static let defaultLogSendRateKBps = 10_240.0
    public static let defaultRedoRateKBps = 4_096.0

    public init(serverName: String, role: ReplicaRole, availabilityMode: AvailabilityMode = .synchronousCommit,
                backupPriority: Int = 50, synchronizationState: SynchronizationState = .synchronized,
                connected: Bool = true, logSendRateKBps: Double = defaultLogSendRateKBps,
                redoRateKBps: Double = defaultRedoRateKBps) {
        self.serverName = serverName
        self.role = role
        self.availabilityMode = availabilityMode
        self.backupPriority = backupPriority
        self.synchronizationState = synchronizationState
        self.connected = connected
        self.logSendRateKBps = logSendRateKBps
        self.redoRateKBps = redoRateKBps
    }

    /// Connected and online: the model's reading of "can take a backup at all".
    public var isBackupCandidate: Bool { backupPriority > 0 && connected }
}

/// An Always On availability group. Standard edition groups are Basic AGs.
public final class AvailabilityGroup {
    public let name: String
    public let databases: [String]
    public var automatedBackupPreference: BackupPreference
    public let isBasic: Bool
    public private(set) var replicas: [AvailabilityReplica]

    public init(name: String, databases: [String], automatedBackupPreference: BackupPreference = .secondary,
                isBasic: Bool = false, replicas: [AvailabilityReplica]) {
        self.name = name
        self.databases = databases
        self.automatedBackupPreference = automatedBackupPreference
        self.isBasic = isBasic
        self.replicas = replicas
    }

    public func replica(on serverName: String) -> AvailabilityReplica? {
        replicas.first { $0.serverName == serverName }
    }

    public var primary: AvailabilityReplica? { replicas.first { $0.role == .primary } }

    public var secondaries: [AvailabilityReplica] { replicas.filter { $0.role == .secondary } }

    /// sys.fn_hadr_backup_is_preferred_replica as SnapWriter models it (no public definition
    /// exists): candidates are replicas with priority > 0 that are connected; SECONDARY_ONLY
    /// drops the primary, SECONDARY drops it unless it is the only candidate, NONE ignores
    /// roles; the highest priority wins, ties to the lower server name.
    public func isPreferredBackupReplica(_ serverName: String) -> Bool {
        guard let asking = replica(on: serverName) else { return false }
        if automatedBackupPreference == .primary { return asking.role == .primary }
        var candidates = replicas.filter(\.isBackupCandidate)
        switch automatedBackupPreference {
        case .secondaryOnly:
            candidates.removeAll { $0.role == .primary }
        case .secondary:
            if candidates.contains(where: { $0.role == .secondary }) { candidates.removeAll { $0.role == .primary } }
        case .none, .primary:
            break
        }
        let winner = candidates.min {
            ($0.backupPriority, $1.serverName) > ($1.backupPriority, $0.serverName)
        }
        return winner?.serverName == serverName
    }
}
