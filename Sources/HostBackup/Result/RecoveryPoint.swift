import SnapWriter

/// How far the backups of one database restore it at the end of a run (an availability
/// group database once, whichever replicas took its backups).
public struct RecoveryPoint {
    public var database: String
    /// The instances holding a copy of it, in VM order.
    public var servers: [String]
    public var databaseGuid: String
    public var achieved: AchievedRecoveryPoint
    public var endOfLog: LSN

    public init(database: String, servers: [String], databaseGuid: String, achieved: AchievedRecoveryPoint,
                endOfLog: LSN) {
        self.database = database
        self.servers = servers
        self.databaseGuid = databaseGuid
        self.achieved = achieved
        self.endOfLog = endOfLog
    }
}
