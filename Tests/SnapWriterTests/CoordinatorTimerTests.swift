import Testing
@testable import SnapWriter

/// The freeze window (60 s) and the flush-and-hold limit (10 s), on a virtual clock.
@Suite struct CoordinatorTimerTests {
    @Test func aWriterHangingAtFreezeTimesOutAfterItsWindow() throws {
        let hanging = ScriptedWriter("hanging")
        hanging.responses[.freeze] = .hang
        let rig = Rig([hanging, ScriptedWriter("other")])
        let components = try rig.prepared()
        let before = rig.clock.now
        let outcome = try components.doSnapshotSet()
        guard case .failed(let code) = outcome else {
            Issue.record("the set must fail")
            return
        }
        #expect(code == .writerErrorTimeout)
        #expect(rig.status("hanging").state == .failedAtFreeze)
        #expect(rig.status("hanging").lastError == .writerErrorTimeout)
        #expect(rig.writer("other").received.contains(.abort))
        #expect(rig.clock.now - before >= .seconds(60))
        #expect(rig.clock.now - before < .seconds(61))
    }

    @Test func aWriterThatWaitsTooLongForThawTimesOut() throws {
        let short = ScriptedWriter("short", level: .frontEnd, freezeWindow: .seconds(20))
        let slow = ScriptedWriter("slow", level: .system)
        slow.responses[.freeze] = .success(after: .seconds(25))
        let rig = Rig([short, slow])
        let outcome = try rig.prepared().doSnapshotSet()
        guard case .failed(let code) = outcome else {
            Issue.record("the set must fail")
            return
        }
        #expect(code == .writerErrorTimeout)
        #expect(rig.status("short").state == .failedAtFreeze)
        #expect(rig.status("short").lastError == .writerErrorTimeout)
        #expect(rig.status("slow").state == .stable)
    }

    @Test func aFreezeJustInsideTheWindowSucceeds() throws {
        let slow = ScriptedWriter("slow")
        slow.responses[.freeze] = .success(after: .seconds(59))
        let rig = Rig([slow])
        let outcome = try rig.prepared().doSnapshotSet()
        #expect(outcome.snapshots.count == 2)
        #expect(rig.status("slow").state == .waitingForBackupComplete)
    }

    @Test func aHoldLongerThanTenSecondsFailsTheSet() throws {
        let rig = Rig([ScriptedWriter("A")])
        rig.coordinator.provider.commitDelay = .seconds(11)
        let outcome = try rig.prepared().doSnapshotSet()
        guard case .failed(let code) = outcome else {
            Issue.record("the set must fail")
            return
        }
        #expect(code == .holdWritesTimeout)
        #expect(code.hex == "0x80042314")
        #expect(rig.writer("A").received.contains(.abort))
        #expect(!rig.coordinator.volume(named: "D:")!.isHoldingWrites)
        #expect(rig.coordinator.volume(named: "D:")!.snapshotIds.isEmpty)
    }

    @Test func aHoldJustUnderTenSecondsSucceeds() throws {
        let rig = Rig([ScriptedWriter("A")])
        rig.coordinator.provider.commitDelay = .milliseconds(9_000)
        let outcome = try rig.prepared().doSnapshotSet()
        #expect(outcome.snapshots.count == 2)
    }

    @Test func aHangOutsideTheFreezeWindowTimesOutOnTheResponseLimit() throws {
        let hanging = ScriptedWriter("hanging")
        hanging.responses[.prepareSnapshot] = .hang
        let rig = Rig([hanging])
        let before = rig.clock.now
        try rig.prepared().doSnapshotSet()
        #expect(rig.status("hanging").state == .failedAtPrepareSnapshot)
        #expect(rig.status("hanging").lastError == .writerErrorTimeout)
        #expect(rig.clock.now - before >= .seconds(60))
        #expect(rig.events(named: "AbortSent").isEmpty)
    }
}
