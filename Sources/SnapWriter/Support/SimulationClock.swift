import Foundation

/// The clock every timeout in a run is measured on. A virtual clock jumps instead of
/// sleeping, so a 60 s freeze window costs no real time and a run replays exactly.
public protocol SimulationClock: AnyObject {
    /// Time since the run started.
    var now: Duration { get }
    /// Lets `duration` pass: a virtual clock jumps, a real one sleeps.
    func advance(by duration: Duration)
    /// The wall-clock date of the run's start, for msdb's backup dates.
    var startDate: Date { get }
}

public final class VirtualClock: SimulationClock {
    public private(set) var now: Duration = .zero
    public let startDate: Date

    /// Virtual runs start at a fixed date so their output is the same on every machine.
    public static let defaultStartDate = Date(timeIntervalSince1970: 1_767_600_000)  // 2026-01-05T08:00:00Z

    public init(startDate: Date = VirtualClock.defaultStartDate) {
        self.startDate = startDate
    }

    public func advance(by duration: Duration) {
        precondition(duration >= .zero, "time only moves forward")
        now += duration
    }
}

public final class RealClock: SimulationClock {
    private let origin = ContinuousClock.now
    public let startDate = Date()

    /// Called before each sleep, on the sleeping thread: a server posts what readers see
    /// before the world goes quiet for that long.
    public var willSleep: ((Duration) -> Void)?

    public init() {}

    public var now: Duration { ContinuousClock.now - origin }

    public func advance(by duration: Duration) {
        guard duration > .zero else { return }
        willSleep?(duration)
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        Thread.sleep(forTimeInterval: seconds)
    }
}

extension Duration {
    /// Milliseconds as a Double, the unit of trace timestamps.
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
