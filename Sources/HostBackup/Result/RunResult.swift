import SnapWriter

/// Everything a run produced, as values taken when it ended: the steps, the expectations'
/// verdicts, and the world's end state (`WorldState`). It holds nothing live, so reports,
/// the soak and whoever keeps it after the run read the same values, whatever became of the
/// world and its volumes.
public struct RunResult {
    public let scenario: Scenario
    public var steps: [StepResult] = []
    /// Every scheduled job run, in order (a fleet's).
    public var jobs: [JobRun] = []
    public var expectations: [ExpectationResult] = []
    /// The world as the run left it.
    public var end: WorldState

    public init(scenario: Scenario, steps: [StepResult], jobs: [JobRun] = [], end: WorldState) {
        self.scenario = scenario
        self.steps = steps
        self.jobs = jobs
        self.end = end
    }

    /// Every host backup of the run, in the order they ran: the steps' first, then the jobs'.
    public var hostBackups: [HostBackupResult] {
        steps.flatMap(\.hostBackups) + jobs.flatMap(\.step.hostBackups)
    }

    /// The last host backup that ran, if any.
    public var lastHostBackup: HostBackupResult? { hostBackups.last }

    /// The host backup the run's `result`, `hresult` and `failure` speak of: the last one;
    /// on a fleet, whose verdict is its worst night, the first that failed, else the last.
    public var verdictHostBackup: HostBackupResult? {
        scenario.isFleet ? hostBackups.first { !$0.succeeded } ?? lastHostBackup : lastHostBackup
    }

    /// The last host backup that took in a VM, if any.
    public func lastHostBackup(of vm: String) -> HostBackupResult? {
        hostBackups.last { backup in backup.vms.contains { $0.vm == vm } }
    }

    /// Every image (or list of digests) a host backup of the run could not store, in order.
    public var storageFailures: [ImageCopyFailure] {
        hostBackups.flatMap(\.storageFailures)
    }

    public var expectationsHeld: Bool { expectations.allSatisfy(\.ok) }

    public var events: [TraceEvent] { end.events }
}

/// One checked expectation: the path into the result, what was expected, what was there.
public struct ExpectationResult: Sendable {
    public let path: String
    public let expected: String
    public let actual: String?
    public var ok: Bool { expected == actual }
}
