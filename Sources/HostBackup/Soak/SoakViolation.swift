/// An invariant a soak run broke, with what reproduces it.
public struct SoakViolation: Sendable, Equatable {
    public let run: Int
    public let seed: UInt64
    /// The scenario file that replays the run: `snapwriter run FILE`.
    public let scenario: String
    public let invariant: String
    public let detail: String

    public var replay: String { "snapwriter run \(scenario)" }
}
