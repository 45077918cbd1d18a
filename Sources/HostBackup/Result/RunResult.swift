import SnapWriter

/// Everything a run produced, as values taken when it ended: the steps, the expectations'
/// verdicts, and the world's end state (`WorldState`). It holds nothing live, so reports,
/// the soak and whoever keeps it after the run read the same values, whatever became of the
/// world and its volumes.
public struct RunResult {
    public let scenario: Scenario
    public var steps: [StepResult] = []
    public var expectations: [ExpectationResult] = []
    /// The world as the run left it.
    public var end: WorldState

    public init(scenario: Scenario, steps: [StepResult], end: WorldState) {
        self.scenario = scenario
        self.steps = steps
        self.end = end
    }

    /// The last host backup that ran, if any.
    public var lastHostBackup: HostBackupResult? {
        steps.last(where: { $0.hostBackup != nil })?.hostBackup
    }

    /// Every image (or list of digests) a host backup of the run could not store, in order.
    public var storageFailures: [ImageCopyFailure] {
        steps.compactMap(\.hostBackup).flatMap(\.storageFailures)
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
