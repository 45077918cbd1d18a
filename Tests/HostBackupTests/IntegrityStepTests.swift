import HostBackup
import SnapWriter
import Testing

/// The corruptPage and checkdb steps in scenarios: what each step reports, in the JSON
/// document too, and that the damage stays on the replica whose disk it is on.
@Suite struct IntegrityStepTests {
    @Test func checkdbFindsDamageOnlyOnTheReplicaWhoseDiskHoldsIt() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - workload: { seconds: 30 }
              - corruptPage: { vm: VM1, database: Sales, page: 20 }
              - workload: { seconds: 30 }
              - backup: { vm: VM1, database: Sales, type: full }
              - backup: { vm: VM2, database: Sales, type: log }
              - checkdb: { vm: VM2, database: Sales }
              - checkdb: { vm: VM1, database: Sales }
              - checkdb: { vm: VM1, database: Inventory }
            """, threeReplicas: true))
        #expect(result.step(1).ok && result.step(1).text == nil)
        #expect(result.step(3).ok && result.step(4).ok, "backups of a damaged database are not refused")
        #expect(result.step(5).ok && result.step(5).msg == nil && result.step(5).text == nil)
        #expect(result.step(5).checkdb?.isClean == true)
        #expect(!result.step(6).ok && result.step(6).msg == 8939)
        #expect(result.step(6).text?.hasPrefix("Msg 8939, Level 16, State 98: Table error: Object ID ") == true)
        #expect(result.step(6).text?.hasSuffix(
            "repair_allow_data_loss is the minimum repair level for the errors found by DBCC CHECKDB (Sales).") == true)
        #expect(result.step(6).checkdb?.damagedPages.map(\.page) == [PageID(page: 20)])
        #expect(result.step(7).ok, "the standalone database on the same volume is clean")
        #expect(result.world.engine.checkdb("Sales", on: "VM3").map(\.isClean) == .success(true))
    }

    @Test func corruptPageRefusesPagesThatAreNotTheTablesWithItsReason() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - corruptPage: { vm: VM1, database: Sales, page: 1 }
              - checkdb: { vm: VM1, database: Sales }
            """))
        #expect(!result.step(0).ok && result.step(0).msg == nil)
        #expect(result.step(0).text == "Page (1:1) is the PFS page of D:\\Data\\Sales.mdf. corruptPage flips bytes of "
            + "the data pages of table 'Orders' only: pages 16 to 63.")
        #expect(result.step(1).ok)
    }

    @Test func checkdbOnAVMThatIsOffFailsWithoutASQLServerMessage() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - checkdb: { vm: VM2, database: Sales }
            """, replicaExtras: [:]).replacingOccurrences(of: "  - name: VM2\n", with: "  - name: VM2\n    state: off\n"))
        #expect(!result.step(0).ok && result.step(0).msg == nil && result.step(0).checkdb == nil)
        #expect(result.step(0).text == "VM2 is off: its SQL Server instance cannot run DBCC CHECKDB.")
    }

    @Test func theJSONStepCarriesWhatCheckdbFound() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - corruptPage: { vm: VM2, database: Sales, page: 33 }
              - checkdb: { vm: VM2, database: Sales }
            """))
        let step = try #require(element(RunReport.json(result.result)["steps"], 1))
        #expect(step["msg"] == .int(8939))
        let check = try #require(step["checkdb"])
        #expect(check["server"] == .string("VM2") && check["file"] == .string("D:\\Data\\Sales.mdf"))
        #expect(check["pagesChecked"] == .int(64) && check["consistencyErrors"] == .int(2))
        #expect(check["allocationErrors"] == .int(0))
        let page = try #require(element(check["damagedPages"], 0))
        #expect(page["page"] == .int(33) && page["pageId"] == .string("(1:33)"))
        #expect(page["problem"] == .string("incorrect checksum"))
        #expect(element(RunReport.json(result.result)["steps"], 0)?["checkdb"] == nil, "only checkdb steps carry one")
    }

    @Test func expectationsCompareCheckdbsOutcome() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - corruptPage: { vm: VM1, database: Sales, page: 40 }
              - checkdb: { vm: VM2, database: Sales }
              - checkdb: { vm: VM1, database: Sales }
            """) + """

            expect:
              steps:
                1: { ok: true }
                2: { ok: false, msg: 8939 }
            """)
        #expect(result.expectations.count == 3 && result.expectations.allSatisfy(\.ok))
    }

    private func element(_ value: JSONValue?, _ index: Int) -> JSONValue? {
        guard case .array(let items)? = value, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
