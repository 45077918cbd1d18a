/// Why an agent socket could not be opened, in words for the person who chose the path.
public struct GuestAgentSocketError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
