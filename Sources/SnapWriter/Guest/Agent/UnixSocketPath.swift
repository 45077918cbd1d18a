#if canImport(Glibc)
import Glibc
#endif

/// A filesystem Unix socket address. `sun_path` holds 108 bytes including the terminating
/// NUL, so a longer path cannot be bound at all; it is refused with its length rather than
/// silently cut, since a cut path would listen somewhere else.
struct UnixSocketPath {
    static let maximumBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    let path: String

    init(_ path: String) throws(GuestAgentSocketError) {
        let length = path.utf8.count
        guard length > 0 else { throw GuestAgentSocketError("the agent socket path is empty") }
        guard length <= Self.maximumBytes else {
            throw GuestAgentSocketError("the agent socket path \(path) is \(length) bytes; a Unix socket path may have at "
                + "most \(Self.maximumBytes) (sun_path holds \(Self.maximumBytes + 1) with its NUL): choose a shorter "
                + "directory")
        }
        self.path = path
    }

    /// Calls `body` with the address and its length.
    func withAddress<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
