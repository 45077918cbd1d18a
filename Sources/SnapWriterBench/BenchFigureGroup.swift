/// The figures in the order they are measured, grouped by the workload that measures them
/// together (a group's files and snapshots serve all its figures).
public enum BenchFigureGroup: CaseIterable, Sendable {
    case sequential, randomWrites, snapshotCreation, holds, imageCopy, serveHostBackup, serveConcurrentReads

    public var figures: Set<String> {
        switch self {
        case .sequential: ["seq-write", "seq-rewrite", "seq-read"]
        case .randomWrites: ["rand-write-qd1", "rand-write-qd16"]
        case .snapshotCreation: ["snapshot-create-64MiB", "snapshot-create-4GiB"]
        case .holds: ["hold-p99"]
        case .imageCopy: ["image-copy"]
        case .serveHostBackup: ["serve-host-backup"]
        case .serveConcurrentReads: ["serve-concurrent-reads"]
        }
    }

    /// Whether the group measures the file systems (the volume, the passthrough, the
    /// directory) rather than `snapwriter` processes.
    var measuresFileSystems: Bool { self != .serveHostBackup && self != .serveConcurrentReads }

    public static var allFigures: Set<String> { allCases.reduce(into: []) { $0.formUnion($1.figures) } }

    func measure(_ session: BenchSession) throws(BenchError) -> [BenchFigure] {
        switch self {
        case .serveHostBackup, .serveConcurrentReads: []
        case .sequential: try session.measureSequential()
        case .randomWrites: try session.measureRandomWrites()
        case .snapshotCreation: try session.measureSnapshotCreation()
        case .holds: try session.measureHolds()
        case .imageCopy: try session.measureImageCopy()
        }
    }

    func measure(_ serve: ServeBackups) throws(BenchError) -> [BenchFigure] {
        switch self {
        case .serveHostBackup: try serve.measureHostBackup()
        case .serveConcurrentReads: try serve.measureConcurrentReads()
        default: []
        }
    }
}
