import SnapWriter

/// A world that stays alive between steps: built once, then driven one step at a time by
/// whoever holds it (`run` through `ScenarioRunner`, `serve` through its requests). It keeps
/// every step's result, so a run's document can be taken at any moment.
///
/// Like the world inside it, it is a plain class for one thread: its holder serialises every
/// call.
public final class LiveWorld {
    public let scenario: Scenario
    public let world: World
    /// Every step run so far, in order, with its index among them.
    public private(set) var steps: [StepResult] = []
    let repository: BackupRepository?
    /// Native backups started with `wait: false`, by the index of their step, whose rows are
    /// filled in once they finish.
    private var unfinished: [Int: NativeBackupJob] = [:]

    /// Builds the world and arms its volume faults. Host backups copy their VM images into
    /// `repository`; without one, into a temporary repository removed by `close()`.
    /// `adjustableFaults` lets `world.replaceFaults` reach every writer later.
    public init(scenario: Scenario, clock: SimulationClock? = nil, volumes: GuestVolumes = GuestVolumes.memory,
                repository: BackupRepository? = nil, adjustableFaults: Bool = false) throws(RunError) {
        self.scenario = scenario
        let (repository, repositoryError) = Self.repository(repository)
        self.repository = repository
        do {
            world = try World(scenario: scenario, clock: clock, volumes: volumes, adjustableFaults: adjustableFaults)
        } catch {
            repository?.removeIfTemporary()
            throw error
        }
        world.log.record(scenario.host.name, "ScenarioStarted", "\(scenario.name), seed \(scenario.seed)")
        if let repositoryError {
            world.log.record(scenario.host.name, "ImageCopyFailed", "no VM image is copied: \(repositoryError)")
        }
        world.armVolumeFaults()
    }

    /// Runs one step after those before it and returns what it did.
    @discardableResult
    public func perform(_ step: Step) -> StepResult {
        let index = steps.count
        world.log.record(scenario.host.name, "StepStarted", "\(index): \(step.keyword)\(step.target.map { " \($0)" } ?? "")")
        if !step.runsAlongsideBackups, !world.engine.running.isEmpty {
            world.log.record(scenario.host.name, "WaitingForBackups",
                             "\(world.engine.running.count) native backup(s) under way finish first")
            world.engine.finishRunningBackups()
        }
        var result = StepPerformer(scenario: scenario, world: world, repository: repository)
            .perform(step, index: index, backupType: scenario.host.backupType)
        world.traceVolumeFaults()
        if let job = result.job {
            unfinished[index] = job
            result.job = nil
        }
        steps.append(result)
        return result
    }

    /// A host backup of the given type, as a `hostBackup` step asks for the scenario's.
    @discardableResult
    public func hostBackup(type: BackupType) -> StepResult {
        let index = steps.count
        world.log.record(scenario.host.name, "StepStarted", "\(index): hostBackup \(type.name)")
        world.engine.finishRunningBackups()
        let result = StepPerformer(scenario: scenario, world: world, repository: repository)
            .perform(Step(kind: .hostBackup, location: nil), index: index, backupType: type)
        world.traceVolumeFaults()
        steps.append(result)
        return result
    }

    /// Lets native backups under way finish and fills in their steps' rows.
    public func finishRunningBackups() {
        world.engine.finishRunningBackups()
        world.traceVolumeFaults()
        for (index, job) in unfinished where job.backupSet != nil {
            steps[index].backup = job.backupSet
            unfinished[index] = nil
        }
    }

    /// The world's state now, as values.
    public func state(audit: RunAudit = []) -> WorldState {
        WorldState(taking: world, audit: audit)
    }

    /// The run so far as a run result: its steps and the world's state now.
    public func result(audit: RunAudit = []) -> RunResult {
        RunResult(scenario: scenario, steps: steps, end: state(audit: audit))
    }

    /// Removes a temporary repository. The volumes stay with whoever made them.
    public func close() {
        repository?.removeIfTemporary()
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
