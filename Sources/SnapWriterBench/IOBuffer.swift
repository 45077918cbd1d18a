import SnapWriter
#if canImport(Glibc)
import Glibc
#endif

/// Page-aligned memory filled with pseudo-random bytes (so nothing below can shortcut
/// zeros), aligned so the same buffer serves O_DIRECT I/O.
final class IOBuffer {
    let bytes: UnsafeMutableRawBufferPointer

    init(count: Int, seed: UInt64) {
        bytes = .allocate(byteCount: count, alignment: 4096)
        var random = SeededRandom(seed: seed)
        let words = bytes.bindMemory(to: UInt64.self)
        for index in words.indices { words[index] = random.next() }
    }

    deinit { bytes.deallocate() }

    var base: UnsafeMutableRawPointer { bytes.baseAddress! }
    var count: Int { bytes.count }
}

/// pread and pwrite that finish the whole range or throw.
enum FileIO {
    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, at offset: Int, path: String) throws(BenchError) {
        do {
            try RawIO.write(fd, UnsafeRawBufferPointer(start: buffer, count: count), at: offset, path: path)
        } catch {
            throw BenchError(error.message)
        }
    }

    /// Reads up to `count` bytes; fewer only at the end of the file.
    static func readUpTo(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, at offset: Int,
                         path: String) throws(BenchError) -> Int {
        do {
            return try RawIO.read(fd, into: buffer, count: count, at: offset, path: path)
        } catch {
            throw BenchError(error.message)
        }
    }

    static func open(_ path: String, _ flags: Int32) throws(BenchError) -> Int32 {
        do {
            return try RawIO.open(path, flags)
        } catch {
            throw BenchError(error.message)
        }
    }

    /// Writes `size` bytes of `pattern` (repeated) into a new file and makes them durable.
    static func fill(_ path: String, size: Int, pattern: IOBuffer) throws(BenchError) {
        let fd = try open(path, O_WRONLY | O_CREAT | O_TRUNC)
        defer { close(fd) }
        var offset = 0
        while offset < size {
            let chunk = min(pattern.count, size - offset)
            try writeAll(fd, pattern.base, chunk, at: offset, path: path)
            offset += chunk
        }
        guard fsync(fd) == 0 else { throw BenchError.posix("fsync \(path)") }
    }
}
