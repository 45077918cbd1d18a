import HostBackup
import Testing

@Suite struct ExpectationTests {
    @Test func heldAndMissedExpectationsAreReportedByPath() throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: "2012-SP1", extra: """
            expect:
              result: succeeded
              hresult: "0x800423F4"
              vms:
                VM3:
                  method: child-vm-snapshot
                  writers:
                    SqlServerWriter: { state: VSS_WS_FAILED_AT_PREPARE_SNAPSHOT }
                  databases:
                    Sales: { backedUp: true }
            """))
        #expect(!result.expectationsHeld)
        let byPath = Dictionary(uniqueKeysWithValues: result.expectations.map { ($0.path, $0) })
        #expect(byPath["result"]?.ok == false)
        #expect(byPath["result"]?.actual == "failed")
        #expect(byPath["hresult"]?.ok == true)
        #expect(byPath["vms.VM3.method"]?.ok == true)
        #expect(byPath["vms.VM3.writers.SqlServerWriter.state"]?.ok == true)
        #expect(byPath["vms.VM3.databases.Sales.backedUp"]?.ok == false)
        #expect(result.expectations.map(\.path).first == "result", "checked in the order written")
    }
}

@Suite struct SuccessCodeExpectationTests {
    @Test func aSucceededHostBackupMeetsAnSOKExpectation() throws {
        let result = try ScenarioFixtures.run("""
            name: ok
            vms:
              - name: VM1
            expect:
              result: succeeded
              hresult: S_OK
            """)
        #expect(result.expectationsHeld, "\(result.expectations)")
    }
}
