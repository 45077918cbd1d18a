import HostBackup
import SnapWriter
import Testing

@Suite struct DeterminismTests {
    @Test func theSameScenarioAndSeedGiveByteIdenticalJSON() throws {
        let yaml = ScenarioFixtures.threeVMs(version: "2012-SP2-CU2")
        let first = RunReport.json(try ScenarioFixtures.run(yaml)).serialized(indent: 2)
        let second = RunReport.json(try ScenarioFixtures.run(yaml)).serialized(indent: 2)
        #expect(first == second)
    }

    @Test func engineRunsAreByteIdenticalToo() throws {
        let yaml = EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Sales, type: full, wait: false }
              - replica: { ag: AG1, vm: VM2, redoLagSeconds: 5 }
              - workload: { seconds: 30 }
              - backup: { vm: VM2, database: Sales, type: log }
              - backup: { vm: VM1, database: Sales, type: log }
            """)
        let first = RunReport.json(try ScenarioFixtures.run(yaml)).serialized(indent: 2)
        let second = RunReport.json(try ScenarioFixtures.run(yaml)).serialized(indent: 2)
        #expect(first == second)
    }

    @Test func anotherSeedGivesOtherGuidsAndLSNs() throws {
        let yaml = ScenarioFixtures.threeVMs(version: "2012-SP2-CU2")
        let first = try ScenarioFixtures.run(yaml)
        let second = try ScenarioFixtures.run(yaml.replacingOccurrences(of: "seed: 7", with: "seed: 8"))
        #expect(first.writer("VM1", "SqlServerWriter")?.instanceId != second.writer("VM1", "SqlServerWriter")?.instanceId)
        #expect(first.database("VM1", "Sales")?.backupSet?.firstLsn != second.database("VM1", "Sales")?.backupSet?.firstLsn)
    }

    @Test func aSixtySecondFreezeWindowCostsNoRealTime() throws {
        let start = ContinuousClock.now
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2", extra: """
            faults:
              - vm: VM1
                writer: SqlServerWriter
                event: freeze
                action: hang
            """))
        #expect(result.lastHostBackup?.hresult == .writerErrorTimeout)
        #expect(result.writer("VM1", "SqlServerWriter")?.state == .failedAtFreeze)
        #expect(result.events.last!.tMs >= 60_000)
        #expect(ContinuousClock.now - start < .seconds(30))
    }
}
