import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sequential write and read with 1 MiB blocks.
enum SequentialIO {
    static let blockSize = 1 << 20

    /// Overwrites the first `size` bytes of the file at `path`. The clock covers the write
    /// calls only; the file is fsynced after it stops, so the next run starts clean.
    static func write(_ path: String, size: Int, pattern: IOBuffer) throws(BenchError) -> Double {
        let fd = try FileIO.open(path, O_WRONLY | O_CREAT)
        defer { close(fd) }
        let start = Monotonic.now()
        var offset = 0
        while offset < size {
            let chunk = min(blockSize, size - offset)
            try FileIO.writeAll(fd, pattern.base, chunk, at: offset, path: path)
            offset += chunk
        }
        let seconds = Monotonic.seconds(from: start)
        guard fsync(fd) == 0 else { throw BenchError.posix("fsync \(path)") }
        return seconds
    }

    /// Reads the whole file from open to end of file; the seconds it took and the bytes.
    static func read(_ path: String, into buffer: IOBuffer) throws(BenchError) -> (seconds: Double, bytes: Int) {
        let start = Monotonic.now()
        let fd = try FileIO.open(path, O_RDONLY)
        defer { close(fd) }
        var total = 0
        while true {
            let count = try FileIO.readUpTo(fd, buffer.base, buffer.count, at: total, path: path)
            if count == 0 { break }
            total += count
        }
        return (Monotonic.seconds(from: start), total)
    }
}

extension BenchSession {
    /// seq-write, seq-rewrite and seq-read. Each configuration gets one file of
    /// `sequentialBytes`; every seq-write run overwrites it right after a snapshot on the
    /// volume, so every block the run writes is first copied out by copy-on-write.
    func measureSequential() throws(BenchError) -> [BenchFigure] {
        let size = options.sequentialBytes
        let mebibytes = Double(size) / Double(1 << 20)
        for target in targets { try FileIO.fill(target.root + "/seq.bin", size: size, pattern: pattern) }
        pageCache.flush()
        let writes = try interleave("seq-write", runs: options.sequentialRuns, over: targets) { target, run throws(BenchError) in
            try target.beforeOverwrite(label: "seq-write")
            pageCache.flush()
            let seconds = try SequentialIO.write(target.root + "/seq.bin", size: size, pattern: pattern)
            pageCache.flush()
            return mebibytes / seconds
        }
        // The same overwrite again, the newest snapshot still in place: its blocks are all
        // copied already, so copy-on-write only looks them up.
        let rewrites = try interleave("seq-rewrite", runs: options.sequentialRuns, over: targets) { target, _ throws(BenchError) in
            pageCache.flush()
            let seconds = try SequentialIO.write(target.root + "/seq.bin", size: size, pattern: pattern)
            pageCache.flush()
            return mebibytes / seconds
        }
        let buffer = IOBuffer(count: SequentialIO.blockSize, seed: 1)
        let reads = try interleave("seq-read", runs: options.sequentialRuns, over: targets) { target, _ throws(BenchError) in
            pageCache.makeCold()
            let result = try SequentialIO.read(target.root + "/seq.bin", into: buffer)
            guard result.bytes == size else { throw BenchError("seq-read read \(result.bytes) of \(size) bytes") }
            return mebibytes / result.seconds
        }
        let roles = TargetRole.fileSystems
        let mib = "\(size >> 20) MiB"
        return [
            BenchFigure(name: "seq-write", unit: "MiB/s", roles: roles, samples: writes, runs: options.sequentialRuns, notes: [
                "1 MiB pwrite calls overwriting a file of \(mib); timed to the last write, fsync after the clock stops.",
                "Volume: a snapshot is taken before each run, so every 64 KiB block written is first copied out.",
            ]),
            BenchFigure(name: "seq-rewrite", unit: "MiB/s", roles: roles, samples: rewrites, runs: options.sequentialRuns, notes: [
                "As seq-write, run after it with no new snapshot: on the volume copy-on-write is active but every block "
                    + "was copied already, so writes only look their blocks up (the steady state after a snapshot).",
            ]),
            BenchFigure(name: "seq-read", unit: "MiB/s", roles: roles, samples: reads, runs: options.sequentialRuns, notes: [
                "1 MiB read calls over the \(mib) file, from open to end of file; " + pageCache.readsNote,
            ]),
        ]
    }
}

extension PageCache {
    var readsNote: String {
        dropsCaches ? "the page cache is dropped before each run (reads come from the disk)."
            : "caches are warm (\(reason ?? "not dropped")): the backing file is read from the page cache."
    }
}
