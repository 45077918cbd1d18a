import Foundation

/// A FUSE mount's connection to its server, through the kernel's control files
/// (/sys/fs/fuse/connections, the fusectl file system).
enum FuseConnection {
    static let controlRoot = "/sys/fs/fuse/connections"

    /// Aborts the connection of the FUSE file system on `device` ("major:minor", as the
    /// mount table gives it): every request waiting on it fails at once. A lazy unmount
    /// alone leaves those waiting, and a killed process that served the mount and also
    /// used it waits in its exit for a reply only it could have sent. False when the
    /// control files are not there (fusectl not mounted) or the connection is gone.
    @discardableResult
    static func abort(device: String) -> Bool {
        let numbers = device.split(separator: ":").compactMap { UInt32($0) }
        guard numbers.count == 2 else { return false }
        // The connection's directory is named by the kernel's device number: major << 20 | minor.
        let abort = "\(controlRoot)/\(numbers[0] << 20 | numbers[1])/abort"
        guard let handle = FileHandle(forWritingAtPath: abort) else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("1".utf8))) != nil
    }
}
