/// Every SQL Server instance of a run and the availability groups that join them, on one
/// clock and one trace. Time passes for them only through `advance(by:)`: the workload
/// writes log, secondaries harden and redo it, and native backups under way finish.
public final class SQLEngine {
    public let clock: SimulationClock
    public let log: EventLog
    public let instances: [SQLInstance]
    public let groups: [AvailabilityGroup]
    /// The workload's rate on every primary and standalone database.
    public var transactionsPerSecond: Double
    /// Native backups started and not finished, in the order they started.
    public internal(set) var running: [NativeBackupJob] = []
    /// The clock's time up to which the workload has been written.
    private var workloadWrittenTo: Duration = .zero
    /// Each instance by its server name, the first of a name winning as `first` would: asked
    /// for every replica of every group at every slice, so it must not cost a search.
    private let instancesByName: [String: SQLInstance]
    /// Whether the workload writes each slice's transactions as one log block (group
    /// commit) and time may pass in idle slices longer than a tick: a fleet's model
    /// (`GroupCommit.swift`, fidelity L8). Off, every transaction is a block of its own.
    public var groupsCommits = false {
        didSet { for instance in instances { instance.writesLogBlockBodies = !groupsCommits } }
    }

    /// Replication and redo move in steps of at most this much time, so queues grow and
    /// drain smoothly across a long workload.
    static let tick: Duration = .seconds(1)
    /// A long stretch of time truncates the logs every this many ticks, so their memory stays
    /// that of the active log within one `advance(by:)` too.
    static let slicesBetweenTruncations = 64

    public init(instances: [SQLInstance], groups: [AvailabilityGroup], clock: SimulationClock, log: EventLog,
                transactionsPerSecond: Double) {
        self.instances = instances
        self.groups = groups
        self.clock = clock
        self.log = log
        self.transactionsPerSecond = transactionsPerSecond
        instancesByName = Dictionary(instances.map { ($0.serverName, $0) }, uniquingKeysWith: { first, _ in first })
        for instance in instances { instance.trace = log }
    }

    public func instance(named serverName: String) -> SQLInstance? {
        instancesByName[serverName]
    }

    public func group(named name: String) -> AvailabilityGroup? { groups.first { $0.name == name } }

    /// Lets `duration` pass with the workload running, replicas following and native
    /// backups finishing when their time comes.
    public func advance(by duration: Duration) {
        var remaining = duration
        var slices = 0
        while remaining > .zero {
            var slice = min(remaining, nextSliceLimit())
            if let next = running.map(\.finishesAt).min(), next - clock.now < slice {
                slice = max(.zero, next - clock.now)
            }
            clock.advance(by: slice)
            remaining -= slice
            writeWorkload(over: slice)
            replicate(over: slice)
            finishDueBackups()
            syncDataFiles()
            slices += 1
            if slices % Self.slicesBetweenTruncations == 0 { truncateLogs() }
        }
        finishDueBackups()
        syncDataFiles()
        truncateLogs()
        workloadWrittenTo = clock.now
    }

    /// On a real clock time passes by itself, between calls as much as in them: writes the
    /// workload of the time passed since it was last written, in the same slices as
    /// `advance(by:)`, without waiting. A server calls it every second and before each change.
    public func catchUp() {
        var remaining = clock.now - workloadWrittenTo
        workloadWrittenTo = clock.now
        while remaining > .zero {
            let slice = min(remaining, Self.tick)
            remaining -= slice
            writeWorkload(over: slice)
            replicate(over: slice)
        }
        finishDueBackups()
        syncDataFiles()
        truncateLogs()
    }

    /// Brings every running instance's data and log files up to its place in the log.
    public func syncDataFiles() {
        for instance in instances { instance.syncDataFiles() }
    }

    /// Lets time pass until every native backup under way has finished.
    public func finishRunningBackups() {
        while let next = running.map(\.finishesAt).min() {
            advance(by: max(.zero, next - clock.now))
        }
    }

    /// Every primary and standalone database whose instance runs and whose I/O is not
    /// frozen writes log; a shared availability group log is written once, by its primary.
    private func writeWorkload(over elapsed: Duration) {
        var seen = Set<ObjectIdentifier>()
        for instance in instances where instance.isRunning {
            for database in instance.databases where instance.role(of: database.name) != .secondary {
                guard !database.isFrozen, database.state == .online, seen.insert(ObjectIdentifier(database.log)).inserted else { continue }
                database.log.generate(transactionsPerSecond: transactionsPerSecond, over: elapsed,
                                      grouped: groupsCommits)
            }
        }
    }

    /// Records an event of an instance in the run's trace.
    func record(_ instance: SQLInstance, _ event: String, _ detail: String) {
        log.record(instance.traceScope, event, detail)
    }
}
