#if canImport(Glibc)
import Glibc
#endif

/// Files that are on the disk when the call returns: written whole, fsynced, and their
/// directory entry fsynced too.
enum DurableFile {
    /// Writes `bytes` to a new file at `path` (replacing any), read-only for everyone.
    static func write(_ bytes: [UInt8], to path: String) throws(RepositoryError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o444)
        guard descriptor >= 0 else { throw failure("open \(path)") }
        defer { close(descriptor) }
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + done, bytes.count - done) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write \(path)")
            }
            done += written
        }
        guard fsync(descriptor) == 0 else { throw failure("fsync \(path)") }
        try syncDirectory(of: path)
    }

    /// The whole file at `path`.
    static func read(_ path: String) throws(RepositoryError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open \(path)") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read \(path)")
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// Makes the entries of the directory holding `path` durable.
    static func syncDirectory(of path: String) throws(RepositoryError) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open \(directory)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("fsync \(directory)") }
    }

    private static func failure(_ operation: String) -> RepositoryError {
        RepositoryError("\(operation): \(String(cString: strerror(errno)))")
    }
}
