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

    public init(serverName: String, version: SQLVersion, edition: SQLEdition = .enterprise,
                collation: Collation = .serverDefault, numbering: BackupSetNumbering, clock: SimulationClock) {
        self.serverName = serverName
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

    /// Now, as msdb stores it: ISO 8601 with milliseconds, UTC.
    public var currentDate: String {
        let date = clock.startDate.addingTimeInterval(clock.now.milliseconds / 1000)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
