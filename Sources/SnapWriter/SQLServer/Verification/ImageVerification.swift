/// The verdict on one backup image of a volume, with what it rests on.
public struct ImageVerification: Equatable, Sendable {
    public let consistency: ImageConsistency
    /// One entry per data file in the image, in path order.
    public let databases: [DatabaseImageCheck]

    public init(consistency: ImageConsistency, databases: [DatabaseImageCheck]) {
        self.consistency = consistency
        self.databases = databases
    }

    /// Every problem, database by database, in page order.
    public var problems: [ImageProblem] { databases.flatMap(\.problems) }

    public var damagedPages: Int { databases.reduce(0) { $0 + $1.count(.damaged) } }

    /// The verdict the image's checks and its quiescing give: `torn` when any problem breaks
    /// the point in time; `application-consistent` only when there is at least one database
    /// and the SQL writer had every one frozen; otherwise `crash-consistent`. Damaged pages
    /// do not move the verdict: they are listed as problems.
    static func verdict(_ databases: [DatabaseImageCheck]) -> ImageConsistency {
        if databases.contains(where: { $0.problems.contains(where: \.breaksConsistency) }) { return .torn }
        if !databases.isEmpty, databases.allSatisfy(\.quiesced) { return .applicationConsistent }
        return .crashConsistent
    }
}
