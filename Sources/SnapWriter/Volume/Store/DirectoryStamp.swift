#if canImport(Glibc)
import Glibc
#endif

/// A directory's modification time, to tell whether its entries can have changed since it
/// was last listed without listing it again. The kernel stamps a directory from a coarse
/// clock, so two changes a few milliseconds apart can carry the same stamp: a stamp is
/// only trusted once it is `settling` old, after which any later change must carry a
/// different one.
struct DirectoryStamp: Equatable, Sendable {
    let seconds: Int
    let nanoseconds: Int

    static let settling = 1.0

    /// The directory's stamp, or nil when it cannot be read.
    static func of(_ path: String) -> DirectoryStamp? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return DirectoryStamp(seconds: status.st_mtim.tv_sec, nanoseconds: status.st_mtim.tv_nsec)
    }

    /// True when the stamp is old enough that no change can still share it.
    var isSettled: Bool {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let age = Double(now.tv_sec - seconds) + Double(now.tv_nsec - nanoseconds) / 1e9
        return age >= Self.settling
    }

    /// The names in a directory, without "." and "..", and without looking at each entry
    /// (a listing that stats every name costs more than the read it guards).
    static func names(in path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }
}
