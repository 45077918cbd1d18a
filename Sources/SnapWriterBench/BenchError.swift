#if canImport(Glibc)
import Glibc
#endif

/// Why the bench could not measure something: one sentence for stderr.
public struct BenchError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// The current errno, in `strerror` words, after the operation named.
    static func posix(_ operation: String) -> BenchError {
        BenchError("\(operation): \(String(cString: strerror(errno)))")
    }
}
