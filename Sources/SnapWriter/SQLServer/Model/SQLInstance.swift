import Foundation

/// One SQL Server instance (the default instance of a guest): its build, its databases,
/// its msdb and its error log.
public final class SQLInstance {
    public let serverName: String
    public var version: SQLVersion
    public var edition: SQLEdition
    public var collation: Collation
    public private(set) var databases: [SQLDatabase] = []
    public let msdb: MSDB
    public private(set) var errorLog: [String] = []
    /// The groups this instance hosts a replica of.
    public var availabilityGroups: [AvailabilityGroup] = []
    public let clock: SimulationClock
    /// Where this instance's own events go in the run's trace (`HV01/VM1/MSSQLSERVER`).
    public let traceScope: String
    /// The instance runs while its machine does; one that is down writes no log, takes no
    /// backup and cannot be reached by its partners.
    public var isRunning = true
    /// The run's trace, where its I/O errors are recorded as they are found.
    public var trace: EventLog?
    /// Whether a log block reaches the log file whole, or only its header sector: a grouped
    /// block (`SQLEngine.groupsCommits`) holds a slice's transactions, and writing its
    /// zeros would cost a fleet's week terabytes of copies (fidelity L8).
    public var writesLogBlockBodies = true

    public init(serverName: String, version: SQLVersion, edition: SQLEdition = .enterprise,
                collation: Collation = .serverDefault, numbering: BackupSetNumbering, clock: SimulationClock,
                traceScope: String? = nil) {
        self.serverName = serverName
        self.traceScope = traceScope ?? "\(serverName)/MSSQLSERVER"
        self.version = version
        self.edition = edition
        self.collation = collation
        self.clock = clock
        msdb = MSDB(numbering: numbering)
    }

    public func attach(_ database: SQLDatabase) { databases.append(database) }

    public func database(named name: String) -> SQLDatabase? { databases.first { $0.name == name } }

    /// The group a database belongs to here, if any.
    public func availabilityGroup(of database: String) -> AvailabilityGroup? {
        availabilityGroups.first { $0.databases.contains(database) }
    }

    /// This instance's role for the database, or nil when it is in no group.
    public func role(of database: String) -> ReplicaRole? {
        availabilityGroup(of: database)?.replica(on: serverName)?.role
    }

    /// How far this copy of a database is current: the end of its log on a primary or
    /// standalone database, the last redone LSN on a secondary.
    public func localRedoLsn(of database: SQLDatabase) -> LSN {
        role(of: database.name) == .secondary ? database.log.lsn(atOffset: database.progress.redone)
            : database.log.endOfLog
    }

    /// sys.fn_hadr_backup_is_preferred_replica: 1 outside groups, 0 for an unknown database.
    public func isPreferredBackupReplica(_ database: String) -> Bool {
        guard self.database(named: database) != nil else { return false }
        guard let group = availabilityGroup(of: database) else { return true }
        return group.isPreferredBackupReplica(serverName)
    }

    /// Adds a line to the error log, stamped with the run's clock.
    public func logError(_ message: String) {
        errorLog.append(message)
    }

    /// Now, on the run's clock.
    public var now: Date { clock.startDate.addingTimeInterval(clock.now.milliseconds / 1000) }

    /// Now, as msdb stores it: ISO 8601 with milliseconds, UTC.
    public var currentDate: String {
        let date = now
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
