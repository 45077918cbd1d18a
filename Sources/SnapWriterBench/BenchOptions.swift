import Foundation

/// What one `snapwriter bench` run measures and how much: the standard sizes keep a run on
/// a 2-core machine under three minutes; `quick` keeps it to seconds, for tests.
public struct BenchOptions: Sendable {
    /// "standard" or "quick", as the report names the mode.
    public var mode: String
    /// Where the run's temporary directory is made (the disk under test).
    public var directory: String
    /// The C passthrough's source; nil looks in the current directory and the source tree.
    public var passthroughSource: String?
    /// Drop the page cache before every read run (needs root); otherwise reads are warm.
    public var dropCaches: Bool
    /// Only the figures named here (and those measured with them); nil measures all.
    public var only: Set<String>? = nil

    /// Sequential write and read: file size per configuration, and runs of each.
    public var sequentialBytes: Int
    public var sequentialRuns: Int
    /// 4 KiB random writes: file size, seconds per run, runs per configuration and depth.
    public var randomFileBytes: Int
    public var randomSeconds: Double
    public var randomRuns: Int
    /// Snapshot creation: runs at each size; the two amounts of data; whether the larger
    /// one is only a file size (sparse) rather than written bytes.
    public var snapshotRuns: Int
    public var smallSnapshotBytes: Int
    public var largeSnapshotBytes: Int
    public var snapshotDataSparse: Bool
    /// Holds with writes in flight: how many holds, how many writer threads.
    public var holds: Int
    public var holdWriters: Int
    /// Image copy: the snapshot file's size and runs per configuration.
    public var imageBytes: Int
    public var imageRuns: Int
    /// The `snapwriter` executable the serve figures start as `run` and `serve`; nil leaves
    /// them out (the report says why).
    public var snapwriterExecutable: String? = nil
    /// Host backups through `run` and through `serve`: runs of each. Reads during a host
    /// backup: how many backups, and how many concurrent readers during each.
    public var serveRuns: Int = 9
    public var serveReadRounds: Int = 5
    public var serveReaders: Int = 100

    public static func standard(directory: String = FileManager.default.temporaryDirectory.path) -> BenchOptions {
        BenchOptions(mode: "standard", directory: directory, passthroughSource: nil, dropCaches: true,
                     sequentialBytes: 256 << 20, sequentialRuns: 5,
                     randomFileBytes: 256 << 20, randomSeconds: 1.0, randomRuns: 5,
                     snapshotRuns: 9, smallSnapshotBytes: 64 << 20, largeSnapshotBytes: 4 << 30, snapshotDataSparse: false,
                     holds: 200, holdWriters: 4,
                     imageBytes: 256 << 20, imageRuns: 5)
    }

    /// Tiny sizes, warm caches (nothing global is touched) and sparse snapshot data.
    public static func quick(directory: String = FileManager.default.temporaryDirectory.path) -> BenchOptions {
        BenchOptions(mode: "quick", directory: directory, passthroughSource: nil, dropCaches: false,
                     sequentialBytes: 8 << 20, sequentialRuns: 2,
                     randomFileBytes: 8 << 20, randomSeconds: 0.1, randomRuns: 2,
                     snapshotRuns: 3, smallSnapshotBytes: 64 << 20, largeSnapshotBytes: 4 << 30, snapshotDataSparse: true,
                     holds: 20, holdWriters: 2,
                     imageBytes: 8 << 20, imageRuns: 2,
                     serveRuns: 2, serveReadRounds: 1, serveReaders: 100)
    }
}
