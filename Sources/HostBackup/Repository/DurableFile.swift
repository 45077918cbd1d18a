import SnapWriter
#if canImport(Glibc)
import Glibc
#endif

/// Files that are on the disk when the call returns: written whole under a temporary name
/// (`.NAME.partial`), fsynced, renamed into place and their directory entry fsynced, so a
/// file that was not written whole never bears its name. A write that fails removes the
/// partial file.
enum DurableFile {
    /// A write that fails on purpose (a repository fault rule): `afterBytes` reach the disk,
    /// then the write fails with `error`.
    struct InjectedFailure {
        let error: OperatingSystemError
        let afterBytes: Int
    }

    /// Writes `bytes` to a new file `name` in `directory` (replacing any), read-only for everyone.
    /// `reportedAs` names the file in errors.
    static func write(_ bytes: [UInt8], directory: String, name: String, reportedAs: String,
                      failing injected: InjectedFailure? = nil) throws(RepositoryError) {
        let path = try confined(directory, name)
        let partial = try confined(directory, ".\(name).partial")
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o444)
        guard descriptor >= 0 else { throw failure("open", reportedAs) }
        var closed = false
        defer { if !closed { close(descriptor) } }
        do throws(RepositoryError) {
            let limit = injected.map { min($0.afterBytes, bytes.count) } ?? bytes.count
            try writeAll(bytes, upTo: limit, to: descriptor, reportedAs: reportedAs)
            if let injected { throw injectedError(injected, reportedAs: reportedAs) }
            guard fsync(descriptor) == 0 else { throw failure("fsync", reportedAs) }
            closed = true
            guard close(descriptor) == 0 else { throw failure("close", reportedAs) }
            guard rename(partial, path) == 0 else { throw failure("rename", reportedAs) }
        } catch {
            unlink(partial)
            throw error
        }
        try syncDirectory(directory)
    }

    /// The error a fault rule's write ends with, once its bytes are written.
    static func injectedError(_ injected: InjectedFailure, reportedAs: String) -> RepositoryError {
        RepositoryError("write \(reportedAs): \(injected.error.text) (\(injected.error.name))",
                        systemError: injected.error, injected: true)
    }

    private static func writeAll(_ bytes: [UInt8], upTo limit: Int, to descriptor: Int32,
                                 reportedAs: String) throws(RepositoryError) {
        var done = 0
        while done < limit {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + done, limit - done) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write", reportedAs)
            }
            done += written
        }
    }

    /// The whole file at `path`.
    static func read(_ path: String, reportedAs: String) throws(RepositoryError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw failure("open", reportedAs) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read back", reportedAs)
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// Makes the entries of `directory` durable.
    static func syncDirectory(_ directory: String) throws(RepositoryError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open", directory) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("fsync", directory) }
    }

    static func confined(_ directory: String, _ name: String) throws(RepositoryError) -> String {
        do {
            return try ConfinedPath.make(directory, name)
        } catch {
            throw RepositoryError(error.description)
        }
    }

    /// The last system call's error, naming the operation and the file.
    private static func failure(_ operation: String, _ file: String) -> RepositoryError {
        let error = OperatingSystemError.from(errno: errno)
        return RepositoryError("\(operation) \(file): \(error.text) (\(error.name))", systemError: error)
    }
}
