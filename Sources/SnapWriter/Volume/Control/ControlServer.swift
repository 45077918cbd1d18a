import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The mounted volume's command line: one connection, one command line, one answer line
/// (`ok …` or `error …`). Runs on its own thread beside libfuse's.
public final class ControlServer: @unchecked Sendable {
    // Safety: `listener` is set once in start() before the accept thread exists.
    private var listener: Int32 = -1
    private let directory: String
    private let handle: @Sendable (String) -> String

    /// `handle` answers a command (without its newline) with the reply line.
    public init(volumeDirectory: String, handle: @escaping @Sendable (String) -> String) {
        directory = volumeDirectory
        self.handle = handle
    }

    public func start() throws(VolumeError) {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw VolumeError.posix("socket", volume: directory) }
        var (address, length) = ControlSocketAddress.address(forVolume: directory)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            close(fd)
            throw VolumeError(volume: directory, message: "the volume is already served by another process")
        }
        guard listen(fd, 16) == 0 else {
            close(fd)
            throw VolumeError.posix("listen", volume: directory)
        }
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    public func stop() {
        if listener >= 0 { shutdown(listener, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            let command = readLine(connection)
            let reply = handle(command) + "\n"
            _ = reply.withCString { Glibc.write(connection, $0, strlen($0)) }
            close(connection)
        }
    }

    private func readLine(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < 4096, Glibc.read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Sends one command to a mounted volume and returns its answer line; nil when no server
/// listens for that volume (it is not mounted).
public enum ControlClient {
    public static func send(_ command: String, toVolume directory: String) -> String? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var (address, length) = ControlSocketAddress.address(forVolume: directory)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard connected == 0 else { return nil }
        let line = command + "\n"
        _ = line.withCString { Glibc.write(fd, $0, strlen($0)) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
