import CFuse
import Foundation
import SnapWriter
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// 4 KiB random writes at a queue depth: that many threads, each with its own descriptor,
/// each issuing synchronous pwrite calls at random 4 KiB-aligned offsets.
enum RandomWrites {
    static let blockSize = 4096

    /// Why O_DIRECT cannot be used on the file at `path`, or nil when a 4 KiB O_DIRECT
    /// write works.
    static func directRefusal(_ path: String) -> String? {
        let fd = open(path, O_WRONLY | O_CLOEXEC | CFuse_openDirectFlag())
        guard fd >= 0 else { return "open with O_DIRECT: \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        let buffer = IOBuffer(count: blockSize, seed: 2)
        guard pwrite(fd, buffer.base, blockSize, 0) == blockSize else {
            return "4 KiB O_DIRECT write: \(String(cString: strerror(errno)))"
        }
        return nil
    }

    /// Writes for `seconds`; returns the writes made and how long they took.
    static func run(_ path: String, fileSize: Int, depth: Int, seconds: Double, direct: Bool,
                    seed: UInt64) throws(BenchError) -> (operations: Int, seconds: Double) {
        let flags = O_WRONLY | (direct ? CFuse_openDirectFlag() : 0)
        var descriptors: [Int32] = []
        defer { descriptors.forEach { close($0) } }
        for _ in 0..<depth { descriptors.append(try FileIO.open(path, flags)) }
        let blocks = UInt64(fileSize / blockSize)
        let tally = Tally()
        let fds = descriptors
        let deadline = TimeBox()
        let (finished, go) = Threads.start(depth) { index in
            var random = SeededRandom(seed: seed).split("writer-\(index)")
            let end = deadline.value
            writeAtRandom(fds[index], IOBuffer(count: blockSize, seed: seed &+ UInt64(index)), slots: blocks,
                          random: &random, what: "4 KiB write to \(path)", tally: tally) { Monotonic.now() >= end }
        }
        let start = Monotonic.now()
        deadline.set(start + UInt64(seconds * 1e9))
        Threads.release(go, count: depth)
        finished.wait()
        let elapsed = Monotonic.seconds(from: start)
        if let failure = tally.failure { throw BenchError(failure) }
        return (tally.operations, elapsed)
    }
}

extension RandomWrites {
    /// One writer thread's loop: writes all of `buffer` at random offsets aligned to its
    /// size, below `slots` of them, until `done()`; adds the writes made to `tally`, or
    /// reports the first failure there (`what` names the write) and stops.
    static func writeAtRandom(_ fd: Int32, _ buffer: IOBuffer, slots: UInt64, random: inout SeededRandom, what: String,
                              tally: Tally, until done: () -> Bool) {
        let size = buffer.count
        var operations = 0
        while !done() {
            let offset = off_t((random.next() % slots) * UInt64(size))
            guard pwrite(fd, buffer.base, size, offset) == size else {
                tally.fail("\(what): \(String(cString: strerror(errno)))")
                break
            }
            operations += 1
        }
        tally.add(operations)
    }
}

/// What the writer threads report back.
final class Tally: Sendable {
    private let state = Mutex<(operations: Int, failure: String?)>((0, nil))

    func add(_ operations: Int) { state.withLock { $0.operations += operations } }
    func fail(_ message: String) { state.withLock { if $0.failure == nil { $0.failure = message } } }
    var operations: Int { state.withLock { $0.operations } }
    var failure: String? { state.withLock { $0.failure } }
}

/// A deadline set once by the coordinating thread before it lets the writers go.
final class TimeBox: Sendable {
    private let stored = Atomic<UInt64>(0)
    func set(_ value: UInt64) { stored.store(value, ordering: .releasing) }
    var value: UInt64 { stored.load(ordering: .acquiring) }
}

extension BenchSession {
    /// rand-write-qd1 and rand-write-qd16 over a file of `randomFileBytes` per
    /// configuration. Each volume run starts right after a snapshot.
    func measureRandomWrites() throws(BenchError) -> [BenchFigure] {
        let size = options.randomFileBytes
        var refusals: [TargetRole: String] = [:]
        for target in targets {
            let path = target.root + "/rand.bin"
            try FileIO.fill(path, size: size, pattern: pattern)
            refusals[target.role] = RandomWrites.directRefusal(path)
        }
        pageCache.flush()
        var figures: [BenchFigure] = []
        for depth in [1, 16] {
            let name = "rand-write-qd\(depth)"
            var copyingShares: [Double] = []
            let samples = try interleave(name, runs: options.randomRuns, over: targets) { target, run throws(BenchError) in
                try target.beforeOverwrite(label: name)
                pageCache.flush()
                let result = try RandomWrites.run(target.root + "/rand.bin", fileSize: size, depth: depth,
                                                  seconds: options.randomSeconds, direct: refusals[target.role] == nil,
                                                  seed: UInt64(depth * 1000 + run))
                pageCache.flush()
                if target.role == .volume, let newest = volume.store.snapshots.last, result.operations > 0 {
                    copyingShares.append(Double(volume.store.copiedBlocks(snapshot: newest.id)) / Double(result.operations))
                }
                return Double(result.operations) / result.seconds
            }
            var notes = [
                (depth == 1 ? "1 thread issuing" : "\(depth) threads, each issuing")
                    + " synchronous 4 KiB pwrite calls at random aligned offsets of a file of \(size >> 20) MiB for "
                    + "\(options.randomSeconds) s, with O_DIRECT.",
                "Volume: a snapshot is taken before each run; the first write to each 64 KiB block copies it out "
                    + String(format: "(%.0f%% of the volume's writes, median over its runs).",
                             (Statistics.median(copyingShares) ?? 0) * 100),
                "O_DIRECT through FUSE sends every write to the server uncached; both servers write the backing file "
                    + "through its page cache, natively O_DIRECT goes to the disk.",
            ]
            for (role, reason) in refusals.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                notes.append("\(role.rawValue): O_DIRECT refused (\(reason)); measured with buffered synchronous writes instead.")
            }
            figures.append(BenchFigure(name: name, unit: "IOPS", roles: TargetRole.fileSystems, samples: samples,
                                       runs: options.randomRuns, notes: notes))
        }
        return figures
    }
}
