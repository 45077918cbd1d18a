import SnapWriter

/// One run of a scheduled job: which job, when it was due and when it ran, and what its step
/// did (run/1's `steps` fields). A database-wide backup job runs once per replica, each a
/// run of its own.
public struct JobRun {
    public var name: String
    /// 1-based day of the schedule.
    public var day: Int
    /// When it was due on that day, `HH:MM`.
    public var time: String
    /// When it started on the run's clock (later than due when the job before it ran long).
    public var tMs: Double
    /// The host a host backup job backed up (every host when it names none, on a fleet of
    /// several: then one run per host).
    public var host: String?
    public var step: StepResult

    public init(name: String, day: Int, time: String, tMs: Double, host: String?, step: StepResult) {
        self.name = name
        self.day = day
        self.time = time
        self.tMs = tMs
        self.host = host
        self.step = step
    }
}
