/// A statement that failed the way SQL Server fails: its error, then the message that ends
/// the statement (Msg 3013 for BACKUP, Msg 5069 for ALTER DATABASE).
public struct SQLError: Error, Equatable, Sendable {
    public let error: SQLMessage
    public let terminating: SQLMessage

    public init(_ error: SQLMessage, terminating: SQLMessage) {
        self.error = error
        self.terminating = terminating
    }

    /// The number a step result reports: the first message's.
    public var msg: Int { error.msg }

    public var lines: [String] { [error.line, terminating.line] }

    /// Both messages, one a line, as a client prints them.
    public var text: String { lines.joined(separator: "\n") }
}
