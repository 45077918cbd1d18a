import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking Unix socket client for the socket tests: reads give up after 60 s so a
/// missing answer fails the test instead of hanging it.
final class AgentTestClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32
    private var buffered: [UInt8] = []
    private var closed = false

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = Self.withAddress(path) { connect(fd, $0, $1) }
        guard connected == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close() }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
            sent += count
        }
    }

    /// One line without its newline; bytes outside UTF-8 (the 0xFF sentinel) are kept as U+FFFD.
    func readLine() throws -> String {
        while true {
            if let end = buffered.firstIndex(of: 0x0A) {
                defer { buffered.removeSubrange(...end) }
                return String(decoding: buffered[..<end], as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, 0) }
            guard count > 0 else { throw Failure(description: "no line: \(count < 0 ? String(cString: strerror(errno)) : "end of stream")") }
            buffered += chunk[..<count]
        }
    }

    /// Everything until the server ends the connection.
    func readToEnd() throws -> [UInt8] {
        var all = buffered
        buffered.removeAll()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, 0) }
            if count == 0 { return all }
            guard count > 0 else { throw Failure(description: "recv: \(String(cString: strerror(errno)))") }
            all += chunk[..<count]
        }
    }

    /// Bytes waiting to be read right now, without waiting.
    func available() -> Int {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, Int32(MSG_PEEK | MSG_DONTWAIT)) }
        return buffered.count + max(0, count)
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// A socket file with nobody listening on it, as a crashed server leaves behind.
    static func bindWithoutListening(_ path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        _ = withAddress(path) { bind(fd, $0, $1) }
        return fd
    }

    static func withAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1))
            }
        }
    }
}
