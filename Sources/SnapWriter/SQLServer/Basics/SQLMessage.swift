/// One message SQL Server prints for a failed statement. SnapWriter raises every error at
/// severity 16, state 1.
public struct SQLMessage: Equatable, Sendable {
    public let msg: Int
    public let text: String
    public let level: Int
    public let state: Int

    public init(msg: Int, text: String, level: Int = 16, state: Int = 1) {
        self.msg = msg
        self.text = text
        self.level = level
        self.state = state
    }

    /// `Msg 4305, Level 16, State 1: The log in …`
    public var line: String { "Msg \(msg), Level \(level), State \(state): \(text)" }

    public var json: JSONValue {
        .object([("msg", .int(msg)), ("level", .int(level)), ("state", .int(state)), ("text", .string(text))])
    }
}
