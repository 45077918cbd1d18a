import HostBackup
import SnapWriter
import Testing

/// The host side (vss.md §6): the guest always asked for FULL, the guest sequence inside
/// the Hyper-V writer's PrepareForSnapshot, child snapshot vs saved state, no partial backups.
@Suite struct HyperVHostTests {
    @Test(arguments: ["full", "copy", "incremental", "differential", "log"])
    func theGuestIsAlwaysAskedForFull(hostType: String) throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: "2012-SP1", hostType: hostType))
        #expect(result.lastHostBackup?.backupType == BackupType(scenarioName: hostType))
        for vm in result.lastHostBackup!.vms where vm.status != .notAttempted {
            #expect(vm.guestBackupType == .full)
        }
        let guestStates = result.events("SetBackupState").filter { $0.scope != "HV01/VSS" }
        #expect(!guestStates.isEmpty)
        #expect(guestStates.allSatisfy { $0.detail == "VSS_BT_FULL" })
        #expect(result.lastHostBackup?.hresult == .writerErrorNonRetryable, "SP1 fails whatever the host asked")
    }

    @Test func everyGuestSequenceRunsInsideTheHostWritersPrepareForSnapshot() throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2"))
        let events = result.events
        let hostPrepare = try #require(events.firstIndex {
            $0.scope == "HV01/Microsoft Hyper-V VSS Writer" && $0.event == "PrepareForSnapshot"
        })
        let hostFreeze = try #require(events.firstIndex {
            $0.scope == "HV01/Microsoft Hyper-V VSS Writer" && $0.event == "Freeze"
        })
        // AutoRecovery is the host acting on the VM's disk at its own PostSnapshot.
        let guestEvents = events.indices.filter { events[$0].scope.hasPrefix("HV01/VM") && events[$0].event != "AutoRecovery" }
        #expect(events.contains { $0.event == "AutoRecovery" && $0.scope == "HV01/VM1" })
        #expect(!guestEvents.isEmpty)
        #expect(guestEvents.allSatisfy { $0 > hostPrepare && $0 < hostFreeze })
        #expect(events.contains { $0.scope == "HV01/VM3/SqlServerWriter" && $0.event == "BackupComplete" })
    }

    @Test func oneFailedVMFailsTheHostBackupAndStopsTheRest() throws {
        let yaml = ScenarioFixtures.threeVMs(version: "2012-SP2-CU2", extra: """
            faults:
              - vm: VM2
                writer: WMI Writer
                event: prepare-backup
                action: fail
                error: out-of-resources
            """)
        let result = try ScenarioFixtures.run(yaml)
        let host = try #require(result.lastHostBackup)
        #expect(!host.succeeded)
        #expect(host.hresult == .writerErrorOutOfResources)
        #expect(host.failure?.vm == "VM2")
        #expect(host.failure?.writer == "WMI Writer")
        #expect(host.failure?.event == .prepareBackup)
        #expect(result.vm("VM1")?.status == .succeeded)
        #expect(result.vm("VM2")?.status == .failed)
        #expect(result.vm("VM3")?.status == .notAttempted)
        let hyperV = host.hostWriters.first { $0.name == "Microsoft Hyper-V VSS Writer" }
        #expect(hyperV?.state == .failedAtPrepareSnapshot)
        #expect(hyperV?.lastError == .writerErrorOutOfResources)
    }

    @Test func aVMThatIsOffIsBackedUpOffline() throws {
        let yaml = ScenarioFixtures.threeVMs(version: "2012-SP1").replacingOccurrences(
            of: "  - name: VM3\n", with: "  - name: VM3\n    state: off\n")
        let result = try ScenarioFixtures.run(yaml)
        #expect(result.vm("VM3")?.method == .savedState)
        #expect(result.vm("VM3")?.guestBackupType == nil)
        #expect(result.lastHostBackup?.succeeded == true, "no guest writer runs, so SP1 cannot fail it")
        #expect(!result.events.contains { $0.scope.hasPrefix("HV01/VM3/SqlServerWriter") })
        #expect(result.database("VM3", "Sales")?.inBackup == false)
    }

    @Test func withoutTheIntegrationServiceTheVMIsSavedAndResumed() throws {
        let yaml = ScenarioFixtures.threeVMs(version: "2012-SP1").replacingOccurrences(
            of: "  - name: VM3\n", with: "  - name: VM3\n    backupIntegrationService: false\n")
        let result = try ScenarioFixtures.run(yaml)
        #expect(result.vm("VM3")?.method == .savedState)
        let saved = try #require(result.events.firstIndex { $0.scope == "HV01/VM3" && $0.event == "VMSaved" })
        let resumed = try #require(result.events.firstIndex { $0.scope == "HV01/VM3" && $0.event == "VMResumed" })
        let hostPost = try #require(result.events.firstIndex {
            $0.scope == "HV01/Microsoft Hyper-V VSS Writer" && $0.event == "PostSnapshot"
        })
        #expect(saved < hostPost && hostPost < resumed)
    }

    @Test func restartingSQLWriterClearsTheFailedWriter() throws {
        let result = try ScenarioFixtures.runKeepingWorld(ScenarioFixtures.threeVMs(version: "2012-SP1", extra: """
            steps:
              - hostBackup: {}
              - restartService: { vm: VM3, service: SQLWriter }
            """))
        let status = result.world.vm(named: "VM3")!.vss.writerStatus.first { $0.name == "SqlServerWriter" }!
        #expect(status.state == .stable)
        #expect(status.lastError == .ok)
    }

    /// A veto lasts its session (reference §3): the next host backup asks the writer again.
    @Test func aVetoedWriterIsAskedAgainByTheNextHostBackup() throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2", extra: """
            faults:
              - vm: VM1
                writer: SqlServerWriter
                event: post-snapshot
                action: fail
                error: retryable
                times: 1
            steps:
              - hostBackup: {}
              - hostBackup: {}
              - restartService: { vm: VM1, service: SQLWriter }
              - hostBackup: {}
            """))
        let hostResults = result.steps.compactMap(\.hostBackup)
        #expect(hostResults.map(\.succeeded) == [false, true, true])
        #expect(hostResults[0].failure?.writer == "SqlServerWriter")
    }
}
