/// Why a scenario file was refused: where, under which key, and what would have been accepted.
/// Every such error is bad input (exit 2): nothing of the scenario has run.
public struct ScenarioError: Error, CustomStringConvertible, Equatable {
    public var file: String
    /// 1-based; nil when the file could not be read at all.
    public var line: Int?
    /// 1-based, in Unicode scalars as libyaml counts them; nil when unknown.
    public var column: Int?
    /// A key path such as `vms[1].sql.version` or `expect.vms.VM2.writers.SqlServerWriter.state`;
    /// nil when the problem is the file as a whole (unreadable, YAML syntax) or an unknown
    /// top-level key.
    public var key: String?
    /// What is wrong and, where there is a choice, what is allowed.
    public var message: String

    public init(file: String, line: Int?, column: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `FILE:LINE:COLUMN: KEY: MESSAGE` on one line; the parts that are unknown are left out.
    public var description: String {
        var position = file
        if let line {
            position += ":\(line)"
            if let column { position += ":\(column)" }
        }
        let parts = [position, key, message].compactMap { $0 }.filter { !$0.isEmpty }
        // Names written with quotes may carry line breaks; the message must stay one line.
        return String(parts.joined(separator: ": ").map { $0.isNewline ? " " : $0 })
    }
}
