/// One line of a run's trace: who did what, when, on the run's clock.
public struct TraceEvent: Sendable, Equatable {
    public let seq: Int
    public let tMs: Double
    public let scope: String
    public let event: String
    public let detail: String
}

/// The ordered trace of a run. Components append; reports read.
public final class EventLog {
    public private(set) var events: [TraceEvent] = []
    private let clock: SimulationClock
    /// Called with every event as it is recorded, on the recording thread: a server mirrors
    /// the trace for readers who must not wait for the world.
    public var onRecord: ((TraceEvent) -> Void)?

    public init(clock: SimulationClock) {
        self.clock = clock
    }

    public func record(_ scope: String, _ event: String, _ detail: String = "") {
        let millis = (clock.now.milliseconds * 1000).rounded() / 1000
        let recorded = TraceEvent(seq: events.count + 1, tMs: millis, scope: scope, event: event, detail: detail)
        events.append(recorded)
        onRecord?(recorded)
    }

    public func events(in scope: String) -> [TraceEvent] {
        events.filter { $0.scope == scope || $0.scope.hasPrefix(scope + "/") }
    }
}
