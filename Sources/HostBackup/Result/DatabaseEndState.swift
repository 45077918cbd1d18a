import SnapWriter

/// One database on one instance at the end of a run: its group, role and backup
/// preference, its recovery model and state, where it stands as a replica, and how far the
/// backups taken so far restore it.
public struct DatabaseEndState {
    public var name: String
    public var availabilityGroup: String?
    public var role: ReplicaRole?
    public var isPreferredBackupReplica: Bool
    public var recoveryModel: RecoveryModel
    public var state: DatabaseState
    /// sys.dm_hadr_database_replica_states for this replica; nil outside availability groups.
    public var replica: ReplicaDatabaseState?
    /// How far the backups taken so far restore the database, across every replica's msdb.
    public var achievedRecovery: AchievedRecoveryPoint
    /// Writes SQL Server saw acknowledged that its volume does not hold; nil when the run
    /// was not asked to audit them (`RunAudit.acknowledgedWrites`) or could not (its machine
    /// stopped, or the database is not online).
    public var missingAcknowledgedWrites: [String]?

    public init(name: String, availabilityGroup: String?, role: ReplicaRole?, isPreferredBackupReplica: Bool,
                recoveryModel: RecoveryModel, state: DatabaseState, replica: ReplicaDatabaseState?,
                achievedRecovery: AchievedRecoveryPoint, missingAcknowledgedWrites: [String]?) {
        self.name = name
        self.availabilityGroup = availabilityGroup
        self.role = role
        self.isPreferredBackupReplica = isPreferredBackupReplica
        self.recoveryModel = recoveryModel
        self.state = state
        self.replica = replica
        self.achievedRecovery = achievedRecovery
        self.missingAcknowledgedWrites = missingAcknowledgedWrites
    }
}
