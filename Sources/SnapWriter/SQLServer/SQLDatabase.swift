/// A database as one instance sees it. In an availability group the replicas' databases
/// share one `DatabaseLog`; each keeps its own I/O state.
public final class SQLDatabase {
    public let name: String
    public let log: DatabaseLog
    public let sizeMiB: Int
    /// I/O frozen by the SQL writer (between Freeze and Thaw or Abort).
    public var isFrozen = false

    public init(name: String, log: DatabaseLog, sizeMiB: Int) {
        self.name = name
        self.log = log
        self.sizeMiB = sizeMiB
    }
}
