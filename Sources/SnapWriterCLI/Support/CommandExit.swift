/// How a command ends when it does not end with 0: the code and the one message for stderr.
struct CommandExit: Error {
    static let expectationFailed: Int32 = 1
    static let badInput: Int32 = 2
    static let environment: Int32 = 3

    let code: Int32
    let message: String

    static func badInput(_ message: String) -> CommandExit { CommandExit(code: badInput, message: message) }
    static func environment(_ message: String) -> CommandExit { CommandExit(code: environment, message: message) }
    /// Exit 1 after the command already printed its findings.
    static let failedQuietly = CommandExit(code: expectationFailed, message: "")
}
