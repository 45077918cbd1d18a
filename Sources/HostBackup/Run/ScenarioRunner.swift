import SnapWriter

/// Runs a validated scenario's steps in order on its clock, then checks its expectations.
public struct ScenarioRunner {
    /// Steps a later part of SnapWriter brings; a scenario using one is refused before it
    /// runs. This build runs every step.
    public static let unsupportedSteps: Set<String> = []

    /// The steps this build runs, as the refusal lists them.
    static let supportedSteps = StepReader.kinds.filter { !unsupportedSteps.contains($0) }.sorted()

    public let scenario: Scenario

    public init(scenario: Scenario) {
        self.scenario = scenario
    }

    /// Refuses, before anything runs, a scenario this build cannot run.
    public func checkSupported() throws(ScenarioError) {
        for (index, step) in scenario.steps.enumerated() where Self.unsupportedSteps.contains(step.keyword) {
            throw ScenarioError(
                file: step.location?.file ?? scenario.name, line: step.location?.line, column: step.location?.column,
                key: "steps[\(index)].\(step.keyword)",
                message: "the '\(step.keyword)' step is not supported yet; supported steps: "
                    + Self.supportedSteps.joined(separator: ", "))
        }
    }

    /// Runs the steps and returns what they produced, as values. `volumes` decides where
    /// guest data volumes live (memory unless given); whoever made them closes them, which
    /// unmounts FUSE volumes. Host backups copy their VM images into `repository` (`run
    /// --out`); without one, into a temporary repository removed when the run ends, so
    /// images are still verified and reported, without a path. `audit` adds end-of-run checks.
    /// `agentSockets`: the run directory under which each running VM with a guest agent
    /// gets its socket for the run's length (`DIR/vms/<VM>/qga.sock`); nil: none.
    public func run(clock: SimulationClock? = nil, volumes: GuestVolumes = GuestVolumes.memory,
                    repository: BackupRepository? = nil, audit: RunAudit = [], shard: Shard? = nil,
                    agentSockets: String? = nil) throws(RunError) -> RunResult {
        try runKeepingWorld(clock: clock, volumes: volumes, repository: repository, audit: audit, shard: shard,
                            agentSockets: agentSockets).result
    }

    /// The same run, with the world as it ended, for a caller that looks inside it or goes on
    /// with it.
    public func runKeepingWorld(clock: SimulationClock? = nil, volumes: GuestVolumes = GuestVolumes.memory,
                                repository: BackupRepository? = nil, audit: RunAudit = [], shard: Shard? = nil,
                                agentSockets: String? = nil)
        throws(RunError) -> (result: RunResult, world: World)
    {
        do {
            try checkSupported()
        } catch {
            throw .scenario(error)
        }
        let live = try LiveWorld(scenario: scenario, clock: clock, volumes: volumes, repository: repository, shard: shard)
        defer { live.close() }
        let sockets = agentSockets.map { directory in
            AgentSockets(scenario: scenario, directory: directory, shard: shard) { [unowned live] vm, bytes in
                live.withAccess { live.world.agentBytes(bytes, vm: vm) }
            }
        }
        // Closed before the world goes: a client's bytes in flight are answered first.
        defer { sockets?.close() }
        live.world.agentSocketPaths = sockets?.paths ?? [:]
        for step in scenario.steps {
            _ = live.withAccess { live.perform(step) }
            sockets?.answerWaitingClients()
        }
        if let schedule = scenario.schedule { live.withAccess { ScheduleRunner(live: live, schedule: schedule).run() } }
        live.finishRunningBackups()
        sockets?.answerWaitingClients()
        var result = live.result(audit: audit)
        if let expect = scenario.expect {
            result.expectations = ExpectationChecker(result: result).check(expect)
        }
        return (result, live.world)
    }
}
