@testable import HostBackup
import SnapWriter
import Testing

/// Running `patchSql`: the instance takes the new build, SQL Server and SQLWriter restart,
/// and the SQL writer answers by the new build from the next host backup on.
@Suite struct PatchSqlRunTests {
    static let patchTheSecondary = ScenarioFixtures.threeVMs(version: "2012-SP1", extra: """
        steps:
          - hostBackup: {}
          - patchSql: { vm: VM3, version: 2012-SP2-CU2 }
          - hostBackup: {}
        """)

    @Test func patchingThe2012SP1SecondaryLetsTheNextHostBackupSucceedCopyOnly() throws {
        let run = try ScenarioFixtures.runKeepingWorld(Self.patchTheSecondary)
        let before = try #require(run.step(0).hostBackup)
        #expect(!before.succeeded && before.hresult == .writerErrorNonRetryable)
        #expect(run.step(1).ok && run.step(1).kind == "patchSql" && run.step(1).vm == "VM3")
        #expect(run.world.instances["VM3"]?.version == .v2012SP2CU2)
        #expect(run.world.instances["VM1"]?.version == .v2012SP1, "only the VM named is patched")
        #expect(run.step(2).hostBackup?.succeeded == true)
        #expect(run.database("VM3", "Sales")?.backupSet?.isCopyOnly == true)
        #expect(run.database("VM3", "Sales")?.inBackup == true)
        #expect(run.database("VM1", "Sales")?.backupSet?.isCopyOnly == false)
        #expect(run.world.instances["VM3"]?.role(of: "Sales") == .secondary, "a secondary stays a secondary")
        #expect(run.end.vms.first { $0.name == "VM3" }?.sql?.version == .v2012SP2CU2)
    }

    @Test func theSQLWriterRestartsWithANewInstanceId() throws {
        let run = try ScenarioFixtures.runKeepingWorld(Self.patchTheSecondary)
        func instanceId(_ step: Int, _ vm: String) -> String? {
            run.step(step).hostBackup?.vms.first { $0.vm == vm }?.writers.first { $0.name == "SqlServerWriter" }?.instanceId
        }
        #expect(instanceId(0, "VM3") != nil && instanceId(0, "VM3") != instanceId(2, "VM3"))
        #expect(instanceId(0, "VM1") != nil && instanceId(0, "VM1") == instanceId(2, "VM1"),
                "a writer that did not restart keeps its instance id")
        #expect(run.events("ServiceRestarted").map(\.scope) == ["HV01/VM3/SqlServerWriter"])
    }

    @Test func theTraceShowsTheRestartAndTheBuilds() throws {
        let run = try ScenarioFixtures.runKeepingWorld(Self.patchTheSecondary)
        let scope = "HV01/VM3/MSSQLSERVER"
        let events = run.events.filter { $0.scope == scope }.map(\.event)
        #expect(events == ["SqlServerStopped", "SqlServerPatched", "SqlServerStarted"])
        #expect(run.events("SqlServerPatched").map(\.detail) == ["2012-SP1 to 2012-SP2-CU2"])
        #expect(run.events("SqlServerStarted").map(\.detail) == ["databases: Sales ONLINE, secondary"])
    }

    /// A writer that timed out stays failed until its service restarts (F2a); the patch
    /// restarts it.
    @Test func aWriterStuckFailedIsClearedByThePatch() throws {
        let run = try ScenarioFixtures.runKeepingWorld(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2", extra: """
            faults:
              - { vm: VM3, writer: SqlServerWriter, event: prepare-snapshot, action: hang, times: 1 }
            steps:
              - hostBackup: {}
              - hostBackup: {}
              - patchSql: { vm: VM3, version: 2012-SP3 }
              - hostBackup: {}
            """))
        #expect(run.result.steps.compactMap(\.hostBackup).map(\.succeeded) == [false, false, true])
        #expect(run.step(1).hostBackup?.hresult == .writerErrorTimeout, "still failed before the patch")
        let status = try #require(run.world.vm(named: "VM3")?.vss.writerStatus.first { $0.name == "SqlServerWriter" })
        #expect(status.state == .stable && status.lastError == .ok)
    }

    @Test func aNewCollationChangesWhatTheWriterDoes() throws {
        let run = try ScenarioFixtures.runKeepingWorld(ScenarioFixtures.threeVMs(
            version: "2012-SP2", collation: "Latin1_General_CS_AS", extra: """
                steps:
                  - hostBackup: {}
                  - patchSql: { vm: VM3, version: 2012-SP2, collation: SQL_Latin1_General_CP1_CI_AS }
                  - hostBackup: {}
                """))
        #expect(run.step(0).hostBackup?.succeeded == false, "2012 SP2 on a case-sensitive collation still fails")
        #expect(run.world.instances["VM3"]?.collation == .serverDefault)
        #expect(run.world.instances["VM3"]?.version == .v2012SP2)
        #expect(run.step(2).hostBackup?.succeeded == true)
        #expect(run.database("VM3", "Sales")?.backupSet?.isCopyOnly == true)
        #expect(run.events("SqlServerPatched").map(\.detail)
                == ["2012-SP2 to 2012-SP2, collation Latin1_General_CS_AS to SQL_Latin1_General_CP1_CI_AS"])
    }

    @Test func aPrimaryRestartsInPlaceAndStaysPrimary() throws {
        let run = try ScenarioFixtures.runKeepingWorld(ScenarioFixtures.threeVMs(version: "2012-SP1", extra: """
            steps:
              - workload: { seconds: 5 }
              - patchSql: { vm: VM1, version: 2014 }
              - workload: { seconds: 5 }
            """))
        #expect(run.step(1).ok)
        #expect(run.world.instances["VM1"]?.role(of: "Sales") == .primary)
        #expect(run.world.instances["VM3"]?.role(of: "Sales") == .secondary)
        let log = run.log()
        #expect(log.offset(atTime: .seconds(10)) > log.offset(atTime: .seconds(5)), "the primary writes log again")
    }

    @Test func aVMThatIsOffFailsTheStepAndKeepsItsBuild() throws {
        let yaml = ScenarioFixtures.threeVMs(version: "2012-SP1", extra: """
            steps:
              - patchSql: { vm: VM3, version: 2012-SP2-CU2 }
            """).replacingOccurrences(of: "  - name: VM3\n", with: "  - name: VM3\n    state: off\n")
        let run = try ScenarioFixtures.runKeepingWorld(yaml)
        #expect(!run.step(0).ok && run.step(0).vm == "VM3")
        #expect(run.step(0).text == "VM3 is off: SQL Server setup cannot run; the instance stays at 2012-SP1.")
        #expect(run.world.instances["VM3"]?.version == .v2012SP1)
        #expect(run.events("SqlServerPatched").isEmpty)
    }

    /// The parser refuses a downgrade it can see; a step given to a live world whose build
    /// has moved on is failed instead.
    @Test func aDowngradeGivenToALiveWorldFailsTheStep() throws {
        let run = try ScenarioFixtures.runKeepingWorld(ScenarioFixtures.threeVMs(version: "2014"))
        let result = PatchStep(patch: SQLPatch(vm: "VM3", version: .v2012SP2CU2), world: run.world).perform(index: 1)
        #expect(!result.ok)
        #expect(result.text == "SQL Server setup refused 2012-SP2-CU2: VM3 runs 2014, and SQL Server cannot be "
                + "downgraded in place.")
        #expect(run.world.instances["VM3"]?.version == .v2014)
    }

    @Test func theSameScenarioAndSeedGiveByteIdenticalJSON() throws {
        let first = RunReport.json(try ScenarioFixtures.run(Self.patchTheSecondary)).serialized(indent: 2)
        let second = RunReport.json(try ScenarioFixtures.run(Self.patchTheSecondary)).serialized(indent: 2)
        #expect(first == second)
        #expect(first.contains("\"kind\": \"patchSql\""))
    }
}
