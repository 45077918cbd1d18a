import Testing
@testable import SnapWriter

/// The legality rules a soak run checks every writer's state changes against.
struct WriterTransitionTests {
    private func transition(_ from: WriterState, _ to: WriterState, _ cause: WriterTransition.Cause) -> WriterTransition {
        WriterTransition(writer: "HV01/VM1/SqlServerWriter", from: from, to: to, cause: cause)
    }

    @Test func aBackupInOrderIsLegal() {
        let steps: [(WriterState, WriterState, WriterEvent)] = [
            (.stable, .waitingForFreeze, .prepareSnapshot), (.waitingForFreeze, .waitingForThaw, .freeze),
            (.waitingForThaw, .waitingForPostSnapshot, .thaw),
            (.waitingForPostSnapshot, .waitingForBackupComplete, .postSnapshot),
            (.waitingForBackupComplete, .stable, .backupComplete),
        ]
        for (from, to, event) in steps { #expect(transition(from, to, .succeeded(event)).isLegal, "\(event)") }
    }

    @Test func skippingAStepOrLeavingAFailureIsIllegal() {
        #expect(!transition(.stable, .waitingForThaw, .succeeded(.freeze)).isLegal)
        #expect(!transition(.waitingForFreeze, .waitingForPostSnapshot, .succeeded(.thaw)).isLegal)
        #expect(!transition(.failedAtFreeze, .stable, .succeeded(.identify)).isLegal)
        #expect(!transition(.failedAtFreeze, .stable, .aborted).isLegal)
        #expect(!transition(.failedAtFreeze, .failedAtThaw, .failed(.thaw)).isLegal)
        #expect(!transition(.stable, .failedAtFreeze, .clearedForNewBackup).isLegal)
    }

    @Test func failuresAbortsAndRestartsAreLegalFromWhereTheyHappen() {
        #expect(transition(.waitingForFreeze, .failedAtFreeze, .failed(.freeze)).isLegal)
        #expect(transition(.waitingForThaw, .stable, .aborted).isLegal)
        #expect(transition(.failedAtBackupShutdown, .stable, .serviceRestarted).isLegal)
        #expect(transition(.failedAtPrepareSnapshot, .stable, .clearedForNewBackup).isLegal)
    }

    @Test func theCoordinatorRecordsEveryChangeOfABackup() throws {
        let clock = VirtualClock()
        let log = EventLog(clock: clock)
        let coordinator = VSSCoordinator(scope: "HV01/VM1", writers: [StandardWriter(identity: .systemWriters[0],
                                                                                      random: SeededRandom(seed: 1))],
                                         volumes: [MemoryVolume(name: "C:")], clock: clock, log: log,
                                         random: SeededRandom(seed: 2))
        let outcome = BackupRequester(coordinator: coordinator, name: "test").run(type: .full, volumes: ["C:"])
        #expect(outcome.succeeded)
        #expect(coordinator.transitions.map(\.to) == [.waitingForFreeze, .waitingForThaw, .waitingForPostSnapshot,
                                                       .waitingForBackupComplete, .stable])
        #expect(coordinator.transitions.allSatisfy { $0.isLegal })
    }

    @Test func aClearanceAfterAFailureThatSticksIsFound() {
        let sticky = WriterTransition(writer: "HV01/VM1/SqlServerWriter", from: .waitingForPostSnapshot,
                                      to: .failedAtPostSnapshot, cause: .failed(.postSnapshot, sticks: true))
        let veto = WriterTransition(writer: "HV01/VM1/SqlServerWriter", from: .waitingForPostSnapshot,
                                    to: .failedAtPostSnapshot, cause: .failed(.postSnapshot))
        let cleared = WriterTransition(writer: "HV01/VM1/SqlServerWriter", from: .failedAtPostSnapshot, to: .stable,
                                       cause: .clearedForNewBackup)
        let restarted = WriterTransition(writer: "HV01/VM1/SqlServerWriter", from: .failedAtPostSnapshot, to: .stable,
                                         cause: .serviceRestarted)
        #expect(WriterTransition.illegalClearances(in: [sticky, cleared]) == [cleared])
        #expect(WriterTransition.illegalClearances(in: [veto, cleared]).isEmpty)
        #expect(WriterTransition.illegalClearances(in: [sticky, restarted, veto, cleared]).isEmpty)
    }
}
