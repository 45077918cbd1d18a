import SnapWriter

/// A guest's SQL Server instance at the end of a run: its build, its error log and its
/// databases.
public struct InstanceState {
    public var serverName: String
    public var version: SQLVersion
    public var collation: Collation
    public var errorLog: [String]
    public var databases: [DatabaseEndState]

    public init(serverName: String, version: SQLVersion, collation: Collation, errorLog: [String],
                databases: [DatabaseEndState]) {
        self.serverName = serverName
        self.version = version
        self.collation = collation
        self.errorLog = errorLog
        self.databases = databases
    }

    public func database(named name: String) -> DatabaseEndState? { databases.first { $0.name == name } }
}
