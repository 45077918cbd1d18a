/// What the SQL writer did with one database in the last backup.
public struct DatabaseBackupResult: Sendable, Equatable {
    public enum Decision: String, Sendable {
        case full
        case copyOnly = "copy-only"
        /// Downgraded from FULL to copy-only because the database is an AG secondary.
        case downgradedToCopyOnly = "downgraded-to-copy-only"
        case skipped
        case failed
        /// The writer never planned this database: it failed or vanished before PrepareForSnapshot.
        case notInBackup = "not-in-backup"
    }

    public let database: String
    public let availabilityGroup: String?
    public let role: ReplicaRole?
    public var decision: Decision
    /// The backupset row, once the snapshot was taken (at Thaw).
    public var backupSet: BackupSet?
    /// Part of a backup that succeeded as a whole. A row in msdb alone does not make it so:
    /// a guest backup that failed after Thaw leaves rows behind.
    public var inBackup = false

    public init(database: String, availabilityGroup: String?, role: ReplicaRole?, decision: Decision,
                backupSet: BackupSet? = nil) {
        self.database = database
        self.availabilityGroup = availabilityGroup
        self.role = role
        self.decision = decision
        self.backupSet = backupSet
    }
}
