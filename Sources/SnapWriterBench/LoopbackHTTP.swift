import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 exchange with a server on 127.0.0.1, over a connection of its own
/// (`Connection: close`), with plain blocking sockets: what a script's client does, and
/// nothing the server under test shares with it.
enum LoopbackHTTP {
    struct Answer {
        let status: Int
        let body: String
    }

    /// Seconds a send or a receive may block before the request counts as failed.
    static let timeout = 30

    static func request(_ method: String, port: UInt16, path: String, body: String? = nil) throws(BenchError) -> Answer {
        let what = "\(method) \(path)"
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError.posix("\(what): socket") }
        defer { close(fd) }
        var wait = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw BenchError.posix("\(what): connect to 127.0.0.1:\(port)") }

        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        let message = Array((head + "\r\n" + (body ?? "")).utf8)
        var sent = 0
        while sent < message.count {
            let count = message[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw BenchError.posix("\(what): send") }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else { throw BenchError.posix("\(what): receive") }
            received += buffer[..<count]
        }
        return try parse(received, what: what)
    }

    /// The status and the body (de-chunked) of a whole response.
    static func parse(_ bytes: [UInt8], what: String) throws(BenchError) -> Answer {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0...max(0, bytes.count - 4)).first(where: { bytes.count >= 4 && Array(bytes[$0..<$0 + 4]) == separator })
        else { throw BenchError("\(what): an incomplete response (\(bytes.count) bytes)") }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusWords = lines[0].split(separator: " ")
        guard statusWords.count >= 2, statusWords[0].hasPrefix("HTTP/1."), let status = Int(statusWords[1]) else {
            throw BenchError("\(what): not an HTTP response: \(lines[0])")
        }
        var body = Array(bytes[(end + 4)...])
        if lines.dropFirst().contains(where: { $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked") }) {
            body = try dechunk(body, what: what)
        }
        return Answer(status: status, body: String(decoding: body, as: UTF8.self))
    }

    private static func dechunk(_ bytes: [UInt8], what: String) throws(BenchError) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = (index..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                  let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";")[0]
                      .trimmingCharacters(in: .whitespaces), radix: 16)
            else { throw BenchError("\(what): a malformed chunked body") }
            if size == 0 { break }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { throw BenchError("\(what): a truncated chunked body") }
            result += bytes[start..<start + size]
            index = start + size + 2
        }
        return result
    }

    /// A JSON object's top-level string field, or nil.
    static func field(_ name: String, of body: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        return object[name] as? String
    }
}
