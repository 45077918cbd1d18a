import HostBackup
import SnapWriter
import Testing

/// The keys the engine added: replica rates and the backup step's wait and inTransaction.
@Suite struct ScenarioParserEngineKeysTests {
    @Test func ratesAndBackupOptionsAreReadWithTheirDefaults() throws {
        let scenario = try ScenarioParser.parse(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Sales, type: full, wait: false, inTransaction: true }
              - backup: { vm: VM1, database: Sales, type: log }
            """, replicaExtras: ["VM2": "logSendRateKBps: 100\nredoRateKBps: 250.5"]), file: "test.yaml")
        let replicas = scenario.availabilityGroups[0].replicas
        #expect(replicas[0].logSendRateKBps == AvailabilityReplica.defaultLogSendRateKBps)
        #expect(replicas[0].redoRateKBps == AvailabilityReplica.defaultRedoRateKBps)
        #expect(replicas[1].logSendRateKBps == 100 && replicas[1].redoRateKBps == 250.5)
        guard case .backup(let first) = scenario.steps[0].kind, case .backup(let second) = scenario.steps[1].kind else {
            Issue.record("not backup steps")
            return
        }
        #expect(!first.wait && first.inTransaction)
        #expect(second.wait && !second.inTransaction && !second.copyOnly && !second.onlyIfPreferred)
        let world = try World(scenario: scenario)
        #expect(world.groups["AG1"]?.replica(on: "VM2")?.redoRateKBps == 250.5)
    }
}
