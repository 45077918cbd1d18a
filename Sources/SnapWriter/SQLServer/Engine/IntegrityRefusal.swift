/// Why an integrity step could not act, in SnapWriter's words: SQL Server raises no message.
public struct IntegrityRefusal: Error, Equatable, Sendable {
    public let text: String

    public init(text: String) {
        self.text = text
    }
}
