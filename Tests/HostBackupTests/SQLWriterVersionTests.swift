import HostBackup
import SnapWriter
import Testing

/// The SQL writer's answer to VSS_BT_FULL on an AG secondary, build by build (vss.md §7).
@Suite struct SQLWriterVersionTests {
    static let failingBuilds = ["2012-RTM", "2012-SP1"]
    static let fixedBuilds = ["2012-SP2", "2012-SP2-CU1", "2012-SP2-CU2", "2012-SP3", "2014", "2016", "2017", "2019",
                              "2022", "2025"]

    @Test(arguments: failingBuilds)
    func earlyBuildsFailPrepareForSnapshotAndTheWholeHostBackup(version: String) throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: version))
        let host = try #require(result.lastHostBackup)
        #expect(!host.succeeded)
        #expect(host.hresult?.hex == "0x800423F4")
        #expect(host.failure?.vm == "VM3")
        #expect(host.failure?.writer == "SqlServerWriter")
        #expect(host.failure?.event == .prepareSnapshot)
        #expect(result.writer("VM3", "SqlServerWriter")?.state == .failedAtPrepareSnapshot)
        #expect(result.writer("VM3", "SqlServerWriter")?.lastError == .writerErrorNonRetryable)
        #expect(result.database("VM3", "Sales")?.inBackup == false)
        #expect(result.database("VM1", "Sales")?.inBackup == false, "no partial backups: nothing is in the backup")
    }

    @Test(arguments: fixedBuilds)
    func laterBuildsDowngradeTheSecondaryToCopyOnly(version: String) throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: version))
        #expect(result.lastHostBackup?.succeeded == true)
        #expect(result.database("VM3", "Sales")?.decision == .downgradedToCopyOnly)
        #expect(result.database("VM3", "Sales")?.backupSet?.isCopyOnly == true)
        #expect(result.database("VM1", "Sales")?.backupSet?.isCopyOnly == false)
        #expect(result.database("VM1", "Inventory")?.backupSet?.isCopyOnly == false)
    }

    @Test(arguments: ["2012-SP2", "2012-SP2-CU1"], ["Latin1_General_CS_AS", "Latin1_General_BIN", "Latin1_General_BIN2",
                                                    "SQL_Latin1_General_CP1_CS_AS"])
    func sp2BeforeCU2StillFailsOnCaseSensitiveCollations(version: String, collation: String) throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: version, collation: collation))
        #expect(result.lastHostBackup?.hresult == .writerErrorNonRetryable)
        #expect(result.lastHostBackup?.failure?.vm == "VM3")
    }

    @Test(arguments: ["2012-SP2-CU2", "2012-SP3", "2014"])
    func cu2AndLaterDowngradeOnCaseSensitiveCollationsToo(version: String) throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: version, collation: "Latin1_General_CS_AS"))
        #expect(result.lastHostBackup?.succeeded == true)
        #expect(result.database("VM3", "Sales")?.backupSet?.isCopyOnly == true)
    }

    @Test func caseInsensitiveCollationsOnSP2Downgrade() throws {
        let result = try ScenarioFixtures.run(
            ScenarioFixtures.threeVMs(version: "2012-SP2", collation: "Latin1_General_CI_AS"))
        #expect(result.lastHostBackup?.succeeded == true)
    }

    @Test(arguments: ["2016", "2017", "2019", "2022"])
    func basicAvailabilityGroupSecondariesAreSkipped(version: String) throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: version, edition: "standard"))
        #expect(result.lastHostBackup?.succeeded == true)
        #expect(result.database("VM3", "Sales")?.decision == .skipped)
        #expect(result.database("VM3", "Sales")?.inBackup == false)
        #expect(result.database("VM3", "Sales")?.backupSet == nil)
        #expect(result.database("VM1", "Sales")?.backupSet?.isCopyOnly == false)
    }

    @Test func theProfileTableCoversEveryBuildAndEdition() {
        for version in SQLVersion.allCases {
            for edition in SQLEdition.allCases {
                _ = SQLWriterProfile.profile(for: version, edition: edition)
            }
        }
        #expect(SQLWriterProfile.secondaryFullBehaviour(version: .v2012SP1, edition: .enterprise,
                                                        collation: .serverDefault) == .fail)
        #expect(SQLWriterProfile.secondaryFullBehaviour(version: .v2012SP2, edition: .enterprise,
                                                        collation: Collation("Latin1_General_BIN2")) == .fail)
        #expect(SQLWriterProfile.secondaryFullBehaviour(version: .v2012SP2CU2, edition: .enterprise,
                                                        collation: Collation("Latin1_General_BIN2")) == .downgradeToCopyOnly)
    }

    @Test func collationCaseSensitivity() {
        #expect(Collation("Latin1_General_CS_AS").isCaseSensitive)
        #expect(Collation("Latin1_General_BIN").isCaseSensitive)
        #expect(Collation("Latin1_General_BIN2").isCaseSensitive)
        #expect(Collation("Latin1_General_100_CS_AS_KS_WS").isCaseSensitive)
        #expect(!Collation("SQL_Latin1_General_CP1_CI_AS").isCaseSensitive)
        #expect(!Collation("Latin1_General_CI_AS_KS").isCaseSensitive)
    }
}
