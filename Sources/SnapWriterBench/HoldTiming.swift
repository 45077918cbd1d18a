import Foundation
import SnapWriter
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Holding a volume while writers keep writing: how long `hold()` takes to return, which
/// is the time to drain the writes in flight.
enum HoldTiming {
    static let writeSize = 64 << 10

    struct Result {
        var holds: [Double] = []
        var releases: [Double] = []
        var writes = 0
    }

    static func run(_ volume: InProcessVolume, path: String, fileSize: Int, writers: Int,
                    count: Int) throws(BenchError) -> Result {
        var descriptors: [Int32] = []
        defer { descriptors.forEach { close($0) } }
        for _ in 0..<writers { descriptors.append(try FileIO.open(path, O_WRONLY)) }
        let fds = descriptors
        let flag = StopFlag()
        let tally = Tally()
        let slots = UInt64(fileSize / writeSize)
        let (finished, go) = Threads.start(writers) { index in
            var random = SeededRandom(seed: 77).split("hold-writer-\(index)")
            RandomWrites.writeAtRandom(fds[index], IOBuffer(count: writeSize, seed: UInt64(index)), slots: slots,
                                       random: &random, what: "write to \(path) during holds", tally: tally) { flag.isSet }
        }
        Threads.release(go, count: writers)
        var result = Result()
        for _ in 0..<count {
            usleep(2000)  // let writes flow between holds
            let start = Monotonic.now()
            volume.server.hold()
            let held = Monotonic.now()
            volume.server.release()
            result.holds.append(Monotonic.seconds(from: start, to: held) * 1000)
            result.releases.append(Monotonic.seconds(from: held) * 1000)
        }
        flag.set()
        finished.wait()
        if let failure = tally.failure { throw BenchError(failure) }
        result.writes = tally.operations
        return result
    }
}

/// Tells writer threads to finish.
final class StopFlag: Sendable {
    private let stored = Atomic<Bool>(false)
    func set() { stored.store(true, ordering: .releasing) }
    var isSet: Bool { stored.load(ordering: .acquiring) }
}

extension BenchSession {
    /// hold-p99: `holds` holds of the volume with `holdWriters` threads writing 64 KiB
    /// blocks into a file a snapshot holds (so writes in flight include copy-on-write).
    func measureHolds() throws(BenchError) -> [BenchFigure] {
        let size = min(options.sequentialBytes, 64 << 20)
        let path = volume.root + "/hold.bin"
        try FileIO.fill(path, size: size, pattern: pattern)
        try volume.beforeOverwrite(label: "hold")
        pageCache.flush()
        progress("hold-p99: \(options.holds) holds with \(options.holdWriters) writers")
        let result = try HoldTiming.run(volume, path: path, fileSize: size, writers: options.holdWriters, count: options.holds)
        guard result.writes > 0 else { throw BenchError("hold-p99: the writers wrote nothing") }
        let p50 = Statistics.percentile(50, result.holds) ?? 0
        let maximum = result.holds.max() ?? 0
        let releaseP99 = Statistics.percentile(99, result.releases) ?? 0
        return [
            BenchFigure(name: "hold-p99", unit: "ms", volume: Statistics.percentile(99, result.holds) ?? 0, runs: options.holds,
                        notes: [
                            "FuseVolumeServer.hold() until it returns (every write in flight drained), \(options.holds) holds "
                                + "2 ms apart, while \(options.holdWriters) threads write 64 KiB blocks at random offsets of "
                                + "a file of \(size >> 20) MiB that a snapshot holds; \(result.writes) writes in all.",
                            String(format: "Hold p50 %.3f ms, max %.3f ms; release (answering the parked writes) p99 %.3f ms.",
                                   p50, maximum, releaseP99),
                        ]),
        ]
    }
}
