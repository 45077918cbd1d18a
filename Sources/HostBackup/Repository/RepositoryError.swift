/// Why the repository could not store or read an image: the operation and the system's
/// words for what went wrong.
public struct RepositoryError: Error, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "backup repository: \(message)" }
}
