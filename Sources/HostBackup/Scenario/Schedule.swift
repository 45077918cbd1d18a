import SnapWriter

/// A fleet's days of jobs: nightly host backups, the DBAs' native backups, planned failovers
/// and any other step at a time. Day 1 00:00 is when the scenario's steps have finished.
public struct Schedule: Sendable {
    public var days: Int
    public var jobs: [ScheduledJob]

    public init(days: Int, jobs: [ScheduledJob]) {
        self.days = days
        self.jobs = jobs
    }

    /// The length of the run's days.
    public var duration: Duration { .seconds(days * 86_400) }
}

/// One job: a step, a timing, and a name to find it by (the step's keyword when unnamed).
public struct ScheduledJob: Sendable {
    public var name: String
    public var step: Step
    public var timing: JobTiming
    /// For a native backup, the VMs it runs on, one job run each, in order: the one it
    /// names, or, written without `vm`, every replica of its database (every instance
    /// holding it outside a group).
    public var backupVMs: [String]

    public init(name: String, step: Step, timing: JobTiming, backupVMs: [String] = []) {
        self.name = name
        self.step = step
        self.timing = timing
        self.backupVMs = backupVMs
    }
}

/// When a job runs, counted from day 1 00:00 in seconds.
public enum JobTiming: Sendable, Equatable {
    /// Every day at that second of the day.
    case daily(secondOfDay: Int)
    /// From day 1 00:00 on, every that many seconds.
    case every(seconds: Int)
    /// Once, on that day at that second of the day.
    case at(day: Int, secondOfDay: Int)

    /// Every start within `days` days, in seconds from day 1 00:00, in order.
    func starts(days: Int) -> [Int] {
        let end = days * 86_400
        switch self {
        case .daily(let second): return (0..<days).map { $0 * 86_400 + second }
        case .every(let interval): return Array(stride(from: 0, to: end, by: interval))
        case .at(let day, let second): return day <= days ? [(day - 1) * 86_400 + second] : []
        }
    }
}
