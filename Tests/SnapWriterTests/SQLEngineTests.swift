import SnapWriter
import Testing

/// The engine on its own, without hosts or scenario files: two instances sharing Sales in
/// an availability group.
@Suite struct SQLEngineTests {
    let clock = VirtualClock()
    let engine: SQLEngine

    init() {
        let clock = clock
        let log = EventLog(clock: clock)
        let numbering = BackupSetNumbering()
        let shared = DatabaseLog(random: SeededRandom(seed: 3), recoveryModel: .full, clock: clock)
        let instances = ["SQL1", "SQL2"].map { name in
            let instance = SQLInstance(serverName: name, version: .v2019, numbering: numbering, clock: clock)
            instance.attach(SQLDatabase(name: "Sales", log: shared, sizeMiB: 16))
            return instance
        }
        let group = AvailabilityGroup(name: "AG1", databases: ["Sales"], replicas: [
            AvailabilityReplica(serverName: "SQL1", role: .primary),
            AvailabilityReplica(serverName: "SQL2", role: .secondary),
        ])
        for instance in instances { instance.availabilityGroups.append(group) }
        engine = SQLEngine(instances: instances, groups: [group], clock: clock, log: log, transactionsPerSecond: 50)
    }

    @Test func backupRunsToItsEndOrRaisesSQLServersError() throws {
        #expect(engine.backup(BackupRequest(database: "Sales", kind: .log), on: "SQL1")
            .map(\.backupSetId) == .failure(BackupErrors.noCurrentDatabaseBackup()))
        let full = try engine.backup(BackupRequest(database: "Sales", kind: .full), on: "SQL1").get()
        #expect(clock.now == .milliseconds(660), "16 MiB at 100 MiB/s and half a second")
        engine.advance(by: .seconds(30))
        let log = try engine.backup(BackupRequest(database: "Sales", kind: .log), on: "SQL2").get()
        #expect(log.firstLsn == full.firstLsn && log.serverName == "SQL2" && log.beginsLogChain == true)
        #expect(engine.instance(named: "SQL2")?.msdb.backupSets == [log])
        #expect(engine.log.events.filter { $0.event == "HadrMsgTypeBackupInfoMsg" }.count == 2)
    }

    @Test func startBackupReturnsWhileTheBackupRuns() throws {
        let job = try engine.startBackup(BackupRequest(database: "Sales", kind: .full), on: "SQL1").get()
        #expect(!job.isFinished && engine.running.count == 1)
        #expect(job.finishesAt == .milliseconds(660))
        engine.advance(by: .milliseconds(500))
        #expect(!job.isFinished)
        engine.advance(by: .milliseconds(500))
        #expect(job.isFinished && engine.running.isEmpty)
        #expect(job.backupSet?.backupFinishDate == "2026-01-05T08:00:00.660Z")
    }

    @Test func estimatesFollowTheQueues() throws {
        engine.changeReplica("SQL2", of: "AG1", synchronizationState: nil, connected: false, redoLagSeconds: nil)
        engine.advance(by: .seconds(20))
        let state = try #require(engine.replicaState(of: "Sales", on: "SQL2"))
        #expect(state.sendQueueKB > 0 && state.estimatedDataLossSeconds == 20)
        #expect(engine.replicaState(of: "Sales", on: "SQL1")?.failoverTarget == "SQL2")
        if case .success = engine.failover("AG1", to: "SQL2") {
            Issue.record("a disconnected secondary cannot take over without data loss")
        }
    }
}

/// A clock on which time passes by itself, as a real one's does, set by the test.
private final class PassingClock: SimulationClock {
    var now: Duration = .zero
    let startDate = VirtualClock.defaultStartDate
    func advance(by duration: Duration) { now += duration }
}

/// `catchUp()`: on a clock where time passes between calls, the engine writes the workload of
/// the time passed exactly as `advance(by:)` writes it for the same time.
@Suite struct SQLEngineCatchUpTests {
    private static func engine(_ clock: SimulationClock) -> (SQLEngine, DatabaseLog) {
        let log = DatabaseLog(random: SeededRandom(seed: 9), recoveryModel: .full, clock: clock)
        let instance = SQLInstance(serverName: "SQL1", version: .v2019, numbering: BackupSetNumbering(), clock: clock)
        instance.attach(SQLDatabase(name: "Sales", log: log, sizeMiB: 16))
        return (SQLEngine(instances: [instance], groups: [], clock: clock, log: EventLog(clock: clock),
                          transactionsPerSecond: 50), log)
    }

    @Test func catchingUpWritesWhatAdvancingWrites() {
        let (advanced, advancedLog) = Self.engine(VirtualClock())
        advanced.advance(by: .milliseconds(3500))

        let clock = PassingClock()
        let (caughtUp, caughtUpLog) = Self.engine(clock)
        caughtUp.catchUp()
        #expect(caughtUpLog.bytesWritten == 0, "no time has passed yet")
        clock.now = .milliseconds(3500)
        caughtUp.catchUp()
        #expect(caughtUpLog.bytesWritten > 0)
        #expect(caughtUpLog.bytesWritten == advancedLog.bytesWritten)
        let written = caughtUpLog.bytesWritten
        caughtUp.catchUp()
        #expect(caughtUpLog.bytesWritten == written, "the same time is never written twice")
    }
}
