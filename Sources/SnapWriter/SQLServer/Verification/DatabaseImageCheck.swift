/// What `ImageVerifier` found for one database's data and log files in an image.
public struct DatabaseImageCheck: Equatable, Sendable {
    public let database: String
    /// Paths in the image: `Data/Sales.mdf`, `Data/Sales_log.ldf` (nil when missing).
    public let dataFile: String
    public let logFile: String?
    /// The SQL writer held the database frozen at the snapshot point.
    public let quiesced: Bool
    public let pagesChecked: Int
    /// The end of the log the image's log file holds: no page may be newer.
    public let endOfLog: LSN?
    /// The newest page LSN among the pages whose header reads.
    public let newestPage: LSN?
    public let problems: [ImageProblem]

    public init(database: String, dataFile: String, logFile: String?, quiesced: Bool, pagesChecked: Int,
                endOfLog: LSN?, newestPage: LSN?, problems: [ImageProblem]) {
        self.database = database
        self.dataFile = dataFile
        self.logFile = logFile
        self.quiesced = quiesced
        self.pagesChecked = pagesChecked
        self.endOfLog = endOfLog
        self.newestPage = newestPage
        self.problems = problems
    }

    public func count(_ kind: ImageProblem.Kind) -> Int { problems.filter { $0.kind == kind }.count }
}
