/// A database as one instance sees it. In an availability group the replicas' databases
/// share one `DatabaseLog`; each keeps its own I/O state and its own progress through it.
public final class SQLDatabase {
    public let name: String
    public let log: DatabaseLog
    public let sizeMiB: Int
    /// I/O frozen by the SQL writer (between Freeze and Thaw or Abort).
    public var isFrozen = false
    /// sys.databases.state_desc: SUSPECT once a write to its files failed.
    public var state: DatabaseState = .online
    /// How far this replica has hardened and redone the shared log; meaningful on a
    /// secondary (a primary or standalone database is at the end of its own log).
    public var progress: ReplicaProgress
    /// Its data and log files on the instance's `D:` volume; nil for a database the model
    /// keeps in memory only.
    public var files: DatabaseFiles?

    public init(name: String, log: DatabaseLog, sizeMiB: Int) {
        self.name = name
        self.log = log
        self.sizeMiB = sizeMiB
        progress = ReplicaProgress(hardened: log.bytesWritten, redone: log.bytesWritten)
    }
}

/// A secondary database's place in its primary's log, in bytes of log: what it has
/// received and hardened, and what it has redone (sys.dm_hadr_database_replica_states'
/// last_hardened_lsn and last_redone_lsn, before they are turned into LSNs).
public struct ReplicaProgress: Sendable, Equatable {
    public var hardened: UInt64
    public var redone: UInt64

    public init(hardened: UInt64, redone: UInt64) {
        self.hardened = hardened
        self.redone = redone
    }

    /// Caught up with everything the primary has written.
    public static func caughtUp(with log: DatabaseLog) -> ReplicaProgress {
        ReplicaProgress(hardened: log.bytesWritten, redone: log.bytesWritten)
    }
}

/// What sys.databases.state_desc says of a database.
public enum DatabaseState: String, Sendable {
    case online = "ONLINE"
    case suspect = "SUSPECT"
}
