import SnapWriter

/// Why the repository could not store or read an image: the operation, the file, and the
/// system's words for what went wrong (with the error number, when the system gave one).
public struct RepositoryError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    /// The operating system error behind it (`ENOSPC`); nil for a problem of the archive itself.
    public let systemError: OperatingSystemError?
    /// Whether a repository fault rule of the scenario caused it, rather than the machine.
    public let injected: Bool

    public init(_ message: String, systemError: OperatingSystemError? = nil, injected: Bool = false) {
        self.message = message
        self.systemError = systemError
        self.injected = injected
    }

    public var description: String { "backup repository: \(message)" }
}
