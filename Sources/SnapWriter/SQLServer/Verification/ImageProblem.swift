/// One thing wrong with one database's files in a backup image.
public struct ImageProblem: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// The page fails its checksum because its halves differ in age: the first 4 KiB of a
        /// newer write over the second 4 KiB of an older one. Makes the image `torn`.
        case torn
        /// The page fails its checksum (or its page id, or has no header) for any other
        /// reason: damage the volume already held, copied faithfully. Leaves the verdict as
        /// it is.
        case damaged
        /// The page carries an LSN past the end of the log in the image: write-ahead logging
        /// does not hold within the image. Makes the image `torn`.
        case newerThanLog = "newer-than-log"
        /// The data file has no log file beside it, so nothing in the image covers its pages.
        /// Makes the image `torn`.
        case missingLog = "missing-log"
    }

    public let kind: Kind
    public let database: String
    /// The file as SQL Server names it: `D:\Data\Sales.mdf`.
    public let file: String
    /// The page, for page problems.
    public let page: PageID?
    /// What was found, in words a DBA can act on.
    public let detail: String

    public init(kind: Kind, database: String, file: String, page: PageID?, detail: String) {
        self.kind = kind
        self.database = database
        self.file = file
        self.page = page
        self.detail = detail
    }

    /// Whether the problem means the image does not hold one point in time.
    public var breaksConsistency: Bool { kind != .damaged }
}
