import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The kernel's FUSE control files (the fusectl file system on /sys/fs/fuse/connections):
/// a directory per connection, whose `abort` file fails every request waiting on it.
///
/// The stale-mount cleanup needs them only where a forced unmount, which aborts a
/// connection without them, was refused. A fresh machine often has fusectl unmounted, and
/// nothing of SnapWriter should depend on someone having mounted it by hand; so as root it
/// is mounted for the one abort and unmounted again, leaving the machine as it was found.
enum FuseControlFiles {
    static let root = "/sys/fs/fuse/connections"
    static let fileSystemType = "fusectl"

    /// A mount(2) or umount2(2) that failed, with its errno.
    struct SystemCallError: Error, Sendable, Equatable {
        let call: String
        let number: Int32
    }

    /// This process's temporary fusectl mount is one: a caller must not unmount it under another.
    private static let temporaryMount = Mutex<Void>(())

    /// True when fusectl is mounted where the kernel documents it.
    static var isMounted: Bool { MountTable().isMounted(root, type: fileSystemType) }

    /// Aborts the connection of the FUSE file system on `device` ("major:minor", as the
    /// mount table gives it). False when the control files cannot be reached (fusectl is
    /// not mounted and this process may not mount it) or the connection is gone.
    @discardableResult
    static func abort(device: String) -> Bool {
        guard let connection = connectionName(device: device) else { return false }
        return temporaryMount.withLock { _ in
            if isMounted { return writeAbort(connection) }
            guard geteuid() == 0, (try? mountControlFiles()) != nil else { return false }
            defer { try? unmountControlFiles() }
            return writeAbort(connection)
        }
    }

    /// The connection's directory name: the kernel's device number, major << 20 | minor.
    static func connectionName(device: String) -> String? {
        let numbers = device.split(separator: ":").compactMap { UInt32($0) }
        guard numbers.count == 2 else { return nil }
        return String(numbers[0] << 20 | numbers[1])
    }

    static func mountControlFiles() throws(SystemCallError) {
        guard mount(fileSystemType, root, fileSystemType, 0, nil) == 0 else {
            throw SystemCallError(call: "mount \(fileSystemType) on \(root)", number: errno)
        }
    }

    /// Lazily if it must: another process may have a control file open.
    static func unmountControlFiles() throws(SystemCallError) {
        guard umount2(root, 0) == 0 || umount2(root, Int32(MNT_DETACH)) == 0 else {
            throw SystemCallError(call: "umount \(root)", number: errno)
        }
    }

    private static func writeAbort(_ connection: String) -> Bool {
        let descriptor = open("\(root)/\(connection)/abort", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return write(descriptor, "1", 1) == 1
    }
}
