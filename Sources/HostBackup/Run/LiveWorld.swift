import Foundation
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
    /// Every scheduled job run so far, in order.
    public private(set) var jobs: [JobRun] = []
    let repository: BackupRepository?
    /// Held while a step runs, and by an agent socket's thread while it hands the world a
    /// client's bytes (`AgentSockets` under `run`): the world is for one thread at a time.
    private let access = NSRecursiveLock()

    /// Runs `body` with the world to itself.
    public func withAccess<T>(_ body: () -> T) -> T {
        access.lock()
        defer { access.unlock() }
        return body()
    }

    /// Native backups started with `wait: false`, by the index of their step, whose rows are
    /// filled in once they finish.
    private var unfinished: [Int: NativeBackupJob] = [:]
    /// The same for job runs, by their index among them.
    private var unfinishedJobs: [Int: NativeBackupJob] = [:]

    /// Builds the world and arms its volume faults. Host backups copy their VM images into
    /// `repository`; without one, into a temporary repository removed by `close()`.
    /// `adjustableFaults` lets `world.replaceFaults` reach every writer later.
    public init(scenario: Scenario, clock: SimulationClock? = nil, volumes: GuestVolumes = GuestVolumes.memory,
                repository: BackupRepository? = nil, adjustableFaults: Bool = false, shard: Shard? = nil) throws(RunError) {
        self.scenario = scenario
        let (repository, repositoryError) = Self.repository(repository)
        self.repository = repository
        do {
            world = try World(scenario: scenario, clock: clock, volumes: volumes, adjustableFaults: adjustableFaults,
                              shard: shard)
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
        let (result, running, _) = run(step, index: index)
        unfinished[index] = running
        steps.append(result)
        return result
    }

    /// A host backup of one host (nil: the first) asking for `type`, where a `hostBackup`
    /// step asks for the host's own.
    @discardableResult
    public func hostBackup(type: BackupType, host: String? = nil) -> StepResult {
        let index = steps.count
        let name = host ?? scenario.host.name
        world.log.record(scenario.host.name, "StepStarted", "\(index): hostBackup \(type.name)"
            + (scenario.hosts.count > 1 ? " of \(name)" : ""))
        world.engine.finishRunningBackups()
        let result = StepPerformer(scenario: scenario, world: world, repository: repository)
            .perform(Step(kind: .hostBackup(host: name), location: nil), index: index, backupType: type)
        world.traceVolumeFaults()
        steps.append(result)
        return result
    }

    /// Lets time pass with the workload running until `moment` on the run's clock; nothing
    /// when it has passed already (a job before ran long).
    func letTimePass(until moment: Duration) {
        let now = world.clock.now
        guard moment > now else { return }
        world.runWorkload(for: moment - now)
        world.traceVolumeFaults()
        fillFinishedBackups()
    }

    /// Runs one due job: a database-wide backup once per VM it names, a host backup without
    /// a host once per host of a fleet, anything else once.
    func runJob(_ job: ScheduledJob, dueSecond: Int) {
        let day = dueSecond / 86_400 + 1
        let secondOfDay = dueSecond % 86_400
        let time = String(format: "%02d:%02d", secondOfDay / 3600, secondOfDay % 3600 / 60)
        var runs: [(Step, String?)] = [(job.step, nil)]
        if case .backup(let backup) = job.step.kind, !job.backupVMs.isEmpty {
            runs = job.backupVMs.map { vm in
                var onVM = backup
                onVM.vm = vm
                // Each instance's SQL Server Agent starts its job at the due time, whatever
                // the others do: the backups due together run side by side, and the time
                // to the next job lets them finish.
                onVM.wait = false
                return (Step(kind: .backup(onVM), location: job.step.location), nil)
            }
        } else if case .hostBackup(nil) = job.step.kind {
            runs = world.hosts.map { (Step(kind: .hostBackup(host: $0.name), location: job.step.location), $0.name) }
        } else if case .hostBackup(let host?) = job.step.kind {
            runs = [(job.step, host)]
        }
        for (step, host) in runs {
            let index = jobs.count
            world.log.record(scenario.host.name, "JobStarted",
                             "\(job.name): day \(day) \(time)\(step.target.map { ", \($0)" } ?? "")")
            let (result, running, started) = run(step, index: index)
            unfinishedJobs[index] = running
            jobs.append(JobRun(name: job.name, day: day, time: time, tMs: (started.milliseconds * 1000).rounded() / 1000,
                               host: host, step: result))
        }
    }

    /// Runs a step of the run's or of a job: the native backups under way finish first unless
    /// it runs alongside them. Returns what it did, the native backup it leaves running, and
    /// when it started (after that wait).
    private func run(_ step: Step, index: Int) -> (StepResult, NativeBackupJob?, Duration) {
        if !step.runsAlongsideBackups, !world.engine.running.isEmpty {
            world.log.record(scenario.host.name, "WaitingForBackups",
                             "\(world.engine.running.count) native backup(s) under way finish first")
            world.engine.finishRunningBackups()
            fillFinishedBackups()
        }
        let started = world.clock.now
        var result = StepPerformer(scenario: scenario, world: world, repository: repository).perform(step, index: index)
        world.traceVolumeFaults()
        let running = result.job
        result.job = nil
        return (result, running, started)
    }

    /// Fills in the rows of native backups (steps' and jobs') that have finished.
    private func fillFinishedBackups() {
        for (index, job) in unfinished where job.backupSet != nil {
            steps[index].backup = job.backupSet
            unfinished[index] = nil
        }
        for (index, job) in unfinishedJobs where job.backupSet != nil {
            jobs[index].step.backup = job.backupSet
            unfinishedJobs[index] = nil
        }
    }

    /// Lets native backups under way finish and fills in their steps' rows.
    public func finishRunningBackups() {
        world.engine.finishRunningBackups()
        world.traceVolumeFaults()
        fillFinishedBackups()
    }

    /// The world's state now, as values.
    public func state(audit: RunAudit = []) -> WorldState {
        WorldState(taking: world, audit: audit)
    }

    /// The run so far as a run result: its steps and the world's state now.
    public func result(audit: RunAudit = []) -> RunResult {
        RunResult(scenario: scenario, steps: steps, jobs: jobs, end: state(audit: audit))
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
