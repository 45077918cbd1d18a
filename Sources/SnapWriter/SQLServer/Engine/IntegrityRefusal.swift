/// Why an integrity step could not act: in SnapWriter's words when SQL Server raises no
/// message, or SQL Server's error (`msg`) when the statement failed the way SQL Server fails.
public struct IntegrityRefusal: Error, Equatable, Sendable {
    public let text: String
    public let msg: Int?

    public init(text: String, msg: Int? = nil) {
        self.text = text
        self.msg = msg
    }

    init(_ message: SQLMessage) {
        self.init(text: message.line, msg: message.msg)
    }
}
