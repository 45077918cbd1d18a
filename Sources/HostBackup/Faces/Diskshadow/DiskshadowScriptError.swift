/// A diskshadow script SnapWriter refuses before running any of it: the file, the line and
/// what is wrong (exit 2).
public struct DiskshadowScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// 1-based; nil for the file as a whole (it cannot be read).
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
