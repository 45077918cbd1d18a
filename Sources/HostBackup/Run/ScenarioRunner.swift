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
    public func run(clock: SimulationClock? = nil, volumes: GuestVolumes = GuestVolumes.memory,
                    repository: BackupRepository? = nil, audit: RunAudit = []) throws(RunError) -> RunResult {
        try runKeepingWorld(clock: clock, volumes: volumes, repository: repository, audit: audit).result
    }

    /// The same run, with the world as it ended, for a caller that looks inside it or goes on
    /// with it.
    public func runKeepingWorld(clock: SimulationClock? = nil, volumes: GuestVolumes = GuestVolumes.memory,
                                repository: BackupRepository? = nil, audit: RunAudit = [])
        throws(RunError) -> (result: RunResult, world: World)
    {
        do {
            try checkSupported()
        } catch {
            throw .scenario(error)
        }
        let (repository, repositoryError) = Self.repository(repository)
        defer { repository?.removeIfTemporary() }
        let world = try World(scenario: scenario, clock: clock, volumes: volumes)
        var steps: [StepResult] = []
        world.log.record(scenario.host.name, "ScenarioStarted", "\(scenario.name), seed \(scenario.seed)")
        if let repositoryError {
            world.log.record(scenario.host.name, "ImageCopyFailed", "no VM image is copied: \(repositoryError)")
        }
        var unfinished: [Int: NativeBackupJob] = [:]
        world.armVolumeFaults()
        for (index, step) in scenario.steps.enumerated() {
            world.log.record(scenario.host.name, "StepStarted", "\(index): \(step.keyword)\(step.target.map { " \($0)" } ?? "")")
            if !step.runsAlongsideBackups, !world.engine.running.isEmpty {
                world.log.record(scenario.host.name, "WaitingForBackups",
                                 "\(world.engine.running.count) native backup(s) under way finish first")
                world.engine.finishRunningBackups()
            }
            var stepResult = perform(step, index: index, in: world, repository: repository)
            world.traceVolumeFaults()
            if let job = stepResult.job {
                unfinished[index] = job
                stepResult.job = nil
            }
            steps.append(stepResult)
        }
        world.engine.finishRunningBackups()
        world.traceVolumeFaults()
        for (index, job) in unfinished { steps[index].backup = job.backupSet }
        var result = RunResult(scenario: scenario, steps: steps, end: WorldState(taking: world, audit: audit))
        if let expect = scenario.expect {
            result.expectations = ExpectationChecker(result: result).check(expect)
        }
        return (result, world)
    }

    /// The repository given, or a temporary one.
    private static func repository(_ given: BackupRepository?) -> (BackupRepository?, RepositoryError?) {
        if let given { return (given, nil) }
        do {
            return (try BackupRepository.temporary(), nil)
        } catch {
            return (nil, error)
        }
    }

    private func perform(_ step: Step, index: Int, in world: World, repository: BackupRepository?) -> StepResult {
        switch step.kind {
        case .hostBackup:
            var result = StepResult(index: index, kind: step.keyword, vm: nil, ok: true)
            let backup = world.host.backUp(type: scenario.host.backupType, repository: repository,
                                           faults: world.hostFaults, repositoryFaults: world.repositoryFaults)
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
        case .backup(let backup):
            return NativeBackupStep(backup: backup, world: world).perform(index: index)
        case .recoveryModel(let vm, let database, let model):
            var result = StepResult(index: index, kind: step.keyword, vm: vm, ok: true)
            if let error = world.engine.setRecoveryModel(model, of: database, on: vm) { result.fail(error) }
            return result
        case .replica(let change):
            world.engine.changeReplica(change.vm, of: change.ag, synchronizationState: change.synchronizationState,
                                       connected: change.connected, redoLagSeconds: change.redoLagSeconds)
            return StepResult(index: index, kind: step.keyword, vm: change.vm, ok: true)
        case .failover(let ag, let target):
            var result = StepResult(index: index, kind: step.keyword, vm: target, ok: true)
            if case .failure(let refusal) = world.engine.failover(ag, to: target) {
                result.ok = false
                result.text = refusal.text
            }
            return result
        case .corruptPage(let vm, let database, let page):
            return IntegrityStep(world: world).corruptPage(page, of: database, on: vm, index: index)
        case .checkdb(let vm, let database):
            return IntegrityStep(world: world).checkdb(database, on: vm, index: index)
        case .patchSql(let patch):
            return PatchStep(patch: patch, world: world).perform(index: index)
        }
    }
}

extension Step {
    /// Native backups started with `wait: false` run on through workload and backup steps;
    /// any other step first lets them finish, so roles, recovery models and host backups
    /// never change under a native backup.
    var runsAlongsideBackups: Bool {
        switch kind {
        case .workload, .backup: true
        default: false
        }
    }
}
