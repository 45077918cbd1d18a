import Testing
@testable import SnapWriter

/// The requester's calls, the writer events they trigger, and the state after each.
@Suite struct CoordinatorSequenceTests {
    @Test func aFullBackupSendsEveryEventInOrder() throws {
        let rig = Rig([ScriptedWriter("A")])
        let components = try rig.prepared()
        let outcome = try components.doSnapshotSet()
        #expect(outcome.snapshots.count == 2)
        #expect(try components.backupComplete() == .ok)
        components.release()
        #expect(rig.writer("A").received == [
            .identify, .prepareBackup, .prepareSnapshot, .freeze, .thaw, .postSnapshot, .backupComplete, .backupShutdown,
        ])
    }

    @Test func eachEventLeavesTheStateWindowsReports() throws {
        let rig = Rig([ScriptedWriter("A")])
        let components = try rig.prepared()
        #expect(rig.status("A").state == .stable)
        try components.doSnapshotSet()
        let seen = rig.writer("A").stateOnArrival
        #expect(seen[.freeze] == .waitingForFreeze)
        #expect(seen[.thaw] == .waitingForThaw)
        #expect(seen[.postSnapshot] == .waitingForPostSnapshot)
        #expect(rig.status("A").state == .waitingForBackupComplete)
        try components.backupComplete()
        #expect(rig.status("A").state == .stable)
        #expect(rig.status("A").lastError == .ok)
    }

    @Test func freezeGoesFrontEndThenBackEndThenSystem() throws {
        let system = ScriptedWriter("system", level: .system)
        let backEnd = ScriptedWriter("backEnd", level: .backEnd)
        let frontEnd = ScriptedWriter("frontEnd", level: .frontEnd)
        let rig = Rig([system, backEnd, frontEnd])
        try rig.prepared().doSnapshotSet()
        let freezes = rig.log.events.filter { $0.event == "Freeze" }.map { $0.scope.split(separator: "/").last! }
        #expect(freezes == ["frontEnd", "backEnd", "system"])
    }

    @Test func writesAreHeldBetweenFreezeAndThawOnlyDuringTheCommit() throws {
        let rig = Rig([ScriptedWriter("A")])
        try rig.prepared().doSnapshotSet()
        let names = rig.log.events.map(\.event)
        let hold = try #require(names.firstIndex(of: "HoldWrites"))
        let release = try #require(names.firstIndex(of: "ReleaseWrites"))
        #expect(names.firstIndex(of: "Freeze")! < hold)
        #expect(hold < names.firstIndex(of: "CommitSnapshots")!)
        #expect(release < names.firstIndex(of: "Thaw")!)
        #expect(rig.coordinator.volume(named: "D:")!.isHoldingWrites == false)
    }

    @Test func callsOutOfOrderReturnBadState() throws {
        let rig = Rig([ScriptedWriter("A")])
        let components = rig.coordinator.makeBackupComponents()
        #expect(throws: VSSError.self) { try components.doSnapshotSet() }
        do {
            _ = try components.startSnapshotSet()
            Issue.record("StartSnapshotSet before InitializeForBackup must fail")
        } catch {
            #expect(error.hresult == .badState)
        }
        try components.initializeForBackup()
        do {
            try components.initializeForBackup()
            Issue.record("a second InitializeForBackup must fail")
        } catch {
            #expect(error.hresult == .badState)
        }
    }

    @Test func onlyOneSnapshotSetAtATime() throws {
        let rig = Rig([ScriptedWriter("A")])
        let first = try rig.prepared()
        let second = rig.coordinator.makeBackupComponents()
        try second.initializeForBackup()
        try second.gatherWriterMetadata()
        do {
            _ = try second.startSnapshotSet()
            Issue.record("a second snapshot set must be refused")
        } catch {
            #expect(error.hresult == .snapshotSetInProgress)
            #expect(error.hresult.hex == "0x80042316")
        }
        first.release()
        let third = try rig.prepared()
        #expect(third.snapshotSetId != nil)
    }

    @Test func aSetHoldsAtMost64Volumes() throws {
        let names = (0..<65).map { "V\($0):" }
        let rig = Rig([ScriptedWriter("A")], volumes: names)
        let components = rig.coordinator.makeBackupComponents()
        try components.initializeForBackup()
        try components.gatherWriterMetadata()
        _ = try components.startSnapshotSet()
        for name in names.prefix(64) { try components.addToSnapshotSet(volume: name) }
        do {
            try components.addToSnapshotSet(volume: names[64])
            Issue.record("the 65th volume must be refused")
        } catch {
            #expect(error.hresult == .maxVolumesReached)
        }
    }

    @Test func writersTakePartOnlyInBackupContexts() throws {
        let rig = Rig([ScriptedWriter("A")])
        let components = rig.coordinator.makeBackupComponents()
        try components.initializeForBackup()
        try components.setContext(.noWritersVolumeSnapshot)
        try components.gatherWriterMetadata()
        #expect(rig.writer("A").received.isEmpty)
    }
}
