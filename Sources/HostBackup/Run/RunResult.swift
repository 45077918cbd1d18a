import SnapWriter

/// Everything a run produced: the steps, the last host backup, the trace and the verdicts.
public struct RunResult {
    public let scenario: Scenario
    public let world: World
    public var steps: [StepResult] = []
    public var expectations: [ExpectationResult] = []

    /// The last host backup that ran, if any.
    public var lastHostBackup: HostBackupResult? {
        steps.last(where: { $0.hostBackup != nil })?.hostBackup
    }

    public var expectationsHeld: Bool { expectations.allSatisfy(\.ok) }

    public var events: [TraceEvent] { world.log.events }
}

/// One checked expectation: the path into the result, what was expected, what was there.
public struct ExpectationResult: Sendable {
    public let path: String
    public let expected: String
    public let actual: String?
    public var ok: Bool { expected == actual }
}
