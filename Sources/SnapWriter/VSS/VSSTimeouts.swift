/// The limits VSS enforces while it drives writers and providers.
public struct VSSTimeouts: Sendable {
    /// Writes may be held at most this long between hold and release.
    public var holdWrites: Duration = .seconds(10)
    /// Flushing the volumes before the hold may take at most this long.
    public var flushWrites: Duration = .seconds(10)
    /// How long the coordinator waits for a writer's answer to an event outside the
    /// freeze window (where the writer's own freeze window applies instead).
    public var writerResponse: Duration = .seconds(60)

    public init() {}

    public static let windows = VSSTimeouts()
}
