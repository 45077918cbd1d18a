import Testing
@testable import SnapWriter

/// Veto rules: Freeze and Thaw failures abort the set and send Abort to every writer;
/// PrepareForSnapshot and PostSnapshot failures only fail the writer.
@Suite struct CoordinatorVetoTests {
    @Test(arguments: [WriterEvent.freeze, .thaw])
    func aFailureInFreezeOrThawAbortsTheSet(event: WriterEvent) throws {
        let failing = ScriptedWriter("failing", level: .backEnd)
        failing.responses[event] = .failure(.writerErrorRetryable, after: .zero)
        let rig = Rig([failing, ScriptedWriter("other")])
        let outcome = try rig.prepared().doSnapshotSet()
        guard case .failed(let code) = outcome else {
            Issue.record("the set must fail")
            return
        }
        #expect(code == .writerErrorRetryable)
        #expect(rig.writer("other").received.contains(.abort))
        #expect(rig.writer("failing").received.contains(.abort))
        #expect(!rig.writer("other").received.contains(.postSnapshot))
        #expect(rig.status("failing").state == event.stateAfterFailure)
        #expect(rig.status("failing").lastError == .writerErrorRetryable)
        #expect(rig.status("other").state == .stable)
        #expect(rig.coordinator.volume(named: "D:")!.snapshotIds.isEmpty)
    }

    @Test(arguments: [WriterEvent.prepareSnapshot, .postSnapshot])
    func aFailureInPrepareSnapshotOrPostSnapshotSendsNoAbort(event: WriterEvent) throws {
        let failing = ScriptedWriter("failing")
        failing.responses[event] = .failure(.writerErrorNonRetryable, after: .zero)
        let rig = Rig([failing, ScriptedWriter("other")])
        let outcome = try rig.prepared().doSnapshotSet()
        #expect(outcome.snapshots.count == 2)
        #expect(rig.events(named: "Abort").isEmpty)
        #expect(rig.events(named: "AbortSent").isEmpty)
        #expect(rig.status("failing").state == event.stateAfterFailure)
        #expect(rig.status("failing").lastError == .writerErrorNonRetryable)
        #expect(rig.writer("other").received.contains(.postSnapshot))
        #expect(rig.status("other").state == .waitingForBackupComplete)
    }

    @Test func aWriterThatFailedPrepareForSnapshotIsNotFrozen() throws {
        let failing = ScriptedWriter("failing")
        failing.responses[.prepareSnapshot] = .failure(.writerErrorNonRetryable, after: .zero)
        let rig = Rig([failing])
        try rig.prepared().doSnapshotSet()
        #expect(!rig.writer("failing").received.contains(.freeze))
        #expect(rig.status("failing").state == .failedAtPrepareSnapshot)
    }

    @Test func aWriterFailingIdentifyVanishesFromMetadataAndStatus() throws {
        let failing = ScriptedWriter("failing")
        failing.responses[.identify] = .failure(.writerErrorRetryable, after: .zero)
        let rig = Rig([failing, ScriptedWriter("other")])
        let components = try rig.prepared()
        #expect(!rig.coordinator.writerStatus.contains { $0.name == "failing" })
        #expect(components.gatherWriterStatus().map(\.name) == ["other"])
        try components.doSnapshotSet()
        #expect(rig.writer("failing").received == [.identify])
    }

    /// A veto belongs to its session: vssadmin shows it until the next backup, which asks
    /// the writer again from Identify on.
    @Test func aVetoLastsOnlyItsSession() throws {
        let failing = ScriptedWriter("failing")
        failing.responses[.prepareSnapshot] = .failure(.writerErrorNonRetryable, after: .zero)
        let rig = Rig([failing])
        let first = try rig.prepared()
        try first.doSnapshotSet()
        first.release()
        #expect(rig.status("failing").state == .failedAtPrepareSnapshot)
        #expect(rig.status("failing").lastError == .writerErrorNonRetryable)
        failing.responses[.prepareSnapshot] = nil
        let second = try rig.prepared()
        #expect(rig.status("failing").state == .stable)
        try second.doSnapshotSet()
        #expect(rig.status("failing").state == .waitingForBackupComplete)
        #expect(rig.writer("failing").received.filter { $0 == .identify }.count == 2)
        #expect(rig.coordinator.transitions.allSatisfy { $0.isLegal })
        #expect(WriterTransition.illegalClearances(in: rig.coordinator.transitions).isEmpty)
    }

    /// A writer that stopped answering stays failed until its hosting service restarts.
    @Test func aWriterThatHungSticksUntilTheServiceRestarts() throws {
        let failing = ScriptedWriter("failing")
        failing.responses[.prepareSnapshot] = .hang
        let rig = Rig([failing])
        let first = try rig.prepared()
        try first.doSnapshotSet()
        first.release()
        failing.responses[.prepareSnapshot] = nil
        let second = try rig.prepared()
        #expect(rig.status("failing").state == .failedAtPrepareSnapshot)
        second.release()
        #expect(rig.coordinator.restartService(ofWriter: "failing"))
        #expect(rig.status("failing").state == .stable)
        #expect(rig.status("failing").lastError == .ok)
        let third = try rig.prepared()
        try third.doSnapshotSet()
        #expect(rig.status("failing").state == .waitingForBackupComplete)
    }

    @Test func abortBackupAfterPrepareForBackupSendsAbort() throws {
        let rig = Rig([ScriptedWriter("A")])
        let components = try rig.prepared()
        try components.abortBackup()
        #expect(rig.writer("A").received.last == .abort)
        #expect(rig.status("A").state == .stable)
    }

    @Test func abortNeverFollowsPostSnapshot() throws {
        let rig = Rig([ScriptedWriter("A")])
        let components = try rig.prepared()
        try components.doSnapshotSet()
        #expect(throws: VSSError.self) { try components.abortBackup() }
        #expect(!rig.writer("A").received.contains(.abort))
    }

    @Test func aFailedBackupCompleteIsAnUnexpectedWriterError() throws {
        let failing = ScriptedWriter("A")
        failing.responses[.backupComplete] = .failure(.writerErrorRetryable, after: .zero)
        let rig = Rig([failing])
        let components = try rig.prepared()
        try components.doSnapshotSet()
        #expect(try components.backupComplete() == .unexpectedWriterError)
        #expect(rig.status("A").state == .failedAtBackupComplete)
    }
}
