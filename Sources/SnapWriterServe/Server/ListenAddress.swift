/// `--listen HOST:PORT` (`[::1]:8787` for IPv6): where the server binds, and whether that is a
/// loopback address, which alone may go without a token.
public struct ListenAddress: Sendable, Equatable {
    public static let `default` = ListenAddress(host: "127.0.0.1", port: 8787)

    public let host: String
    /// 0: the system picks a free port.
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Why `text` is not HOST:PORT, as the message of a bad-input exit; nil parses.
    public static func parse(_ text: String) -> Result<ListenAddress, ServeError> {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return .failure(.badInput("--listen \(text): expected [HOST]:PORT")) }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                return .failure(.badInput("--listen \(text): expected HOST:PORT, such as 127.0.0.1:8787 or [::1]:0"))
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".:-".contains($0) }) else {
            return .failure(.badInput("--listen \(text): '\(host)' is not a host name or address"))
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            return .failure(.badInput("--listen \(text): the port must be a number from 0 to 65535"))
        }
        return .success(ListenAddress(host: String(host), port: port))
    }

    /// 127.0.0.0/8, ::1 and localhost: reachable from this machine only.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.split(separator: ".").first == "127"
            && host.split(separator: ".").count == 4
    }

    /// The URL of the server once bound to `port`.
    func url(port: Int) -> String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}

/// Why `serve` could not start or end well, with the exit code of the interface.
public enum ServeError: Error, CustomStringConvertible {
    /// Exit 2: nothing was started.
    case badInput(String)
    /// Exit 3: the machine cannot do it (the port is taken, FUSE is missing, the directory
    /// cannot be written).
    case environment(String)

    public var description: String {
        switch self {
        case .badInput(let message), .environment(let message): message
        }
    }
}
