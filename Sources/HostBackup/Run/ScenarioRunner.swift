import SnapWriter

/// Runs a validated scenario's steps in order on its clock, then checks its expectations.
public struct ScenarioRunner {
    /// Steps a later part of SnapWriter brings; a scenario using one is refused before it runs.
    public static let unsupportedSteps: Set<String> = [
        "backup", "replica", "failover", "recoveryModel", "corruptPage", "checkdb",
    ]

    public let scenario: Scenario

    public init(scenario: Scenario) {
        self.scenario = scenario
    }

    /// Refuses, before anything runs, a scenario this build cannot run.
    public func checkSupported() throws(ScenarioError) {
        for step in scenario.steps where Self.unsupportedSteps.contains(step.keyword) {
            throw ScenarioError(
                file: step.location?.file ?? scenario.name, line: step.location?.line, column: step.location?.column,
                key: "steps[\(scenario.steps.firstIndex { $0.location == step.location } ?? 0)].\(step.keyword)",
                message: "the '\(step.keyword)' step is not supported yet; supported steps: hostBackup, "
                    + "restartService, workload")
        }
    }

    public func run(clock: SimulationClock? = nil) throws(ScenarioError) -> RunResult {
        try checkSupported()
        let world = World(scenario: scenario, clock: clock)
        var result = RunResult(scenario: scenario, world: world)
        world.log.record(scenario.host.name, "ScenarioStarted", "\(scenario.name), seed \(scenario.seed)")
        for (index, step) in scenario.steps.enumerated() {
            world.log.record(scenario.host.name, "StepStarted", "\(index): \(step.keyword)\(step.target.map { " \($0)" } ?? "")")
            result.steps.append(perform(step, index: index, in: world))
        }
        if let expect = scenario.expect {
            result.expectations = ExpectationChecker(result: result).check(expect)
        }
        return result
    }

    private func perform(_ step: Step, index: Int, in world: World) -> StepResult {
        switch step.kind {
        case .hostBackup:
            var result = StepResult(index: index, kind: step.keyword, vm: nil, ok: true)
            let backup = world.host.backUp(type: scenario.host.backupType)
            result.ok = backup.succeeded
            result.hostBackup = backup
            return result
        case .restartService(let vmName, let service):
            let result = StepResult(index: index, kind: step.keyword, vm: vmName, ok: true)
            let coordinator = world.vm(named: vmName)?.vss ?? world.host.vss
            for writer in GuestService(rawValue: service)?.hostedWriters ?? [] {
                _ = coordinator.restartService(ofWriter: writer.name)
            }
            return result
        case .workload(let seconds):
            world.runWorkload(for: .milliseconds(Int64(seconds * 1000)))
            world.log.record(scenario.host.name, "Workload", "\(seconds) s at \(scenario.workload.transactionsPerSecond) tps")
            return StepResult(index: index, kind: step.keyword, vm: nil, ok: true)
        case .backup, .replica, .failover, .recoveryModel, .corruptPage, .checkdb:
            // Refused by checkSupported() before the run started.
            return StepResult(index: index, kind: step.keyword, vm: nil, ok: false)
        }
    }
}
