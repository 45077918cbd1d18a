import Foundation
import SnapWriter
import Synchronization

/// Where the world's thread posts what read requests answer with: the latest `WorldView`
/// and the trace as it grows. Reads take values from here under a short lock and never
/// wait for the world.
///
/// The world posts after every call that changes it and, while one call runs long, every
/// `interval` as events arrive and before each real sleep, so a read during a 60 s hang shows
/// the writers as they were when the hang began.
final class WorldBoard: Sendable {
    private let view = Mutex(WorldView())
    /// The trace: event `seq` N is at index N - 1.
    private let trace = Mutex<[TraceEvent]>([])
    private let lastPosted = Mutex<ContinuousClock.Instant?>(nil)
    /// How often a long call posts a new view at most.
    static let interval: Duration = .milliseconds(100)

    var current: WorldView { view.withLock { $0 } }

    func post(_ new: WorldView) {
        view.withLock { $0 = new }
        lastPosted.withLock { $0 = .now }
    }

    /// True when a long call should post again.
    var isDue: Bool {
        lastPosted.withLock { last in last.map { ContinuousClock.now - $0 >= Self.interval } ?? true }
    }

    /// One event as the world records it.
    func append(_ event: TraceEvent) { trace.withLock { $0.append(event) } }

    /// The world's whole trace so far, for a board that starts after events were recorded
    /// (the scenario's own steps, a reset).
    func replaceTrace(_ events: [TraceEvent]) { trace.withLock { $0 = events } }

    /// The events after `since`, and the number to ask from next.
    func events(since: Int) -> (events: [TraceEvent], next: Int) {
        trace.withLock { trace in
            let start = min(max(since, 0), trace.count)
            return (Array(trace[start...]), max(since, trace.count))
        }
    }

    var allEvents: [TraceEvent] { trace.withLock { $0 } }
}
