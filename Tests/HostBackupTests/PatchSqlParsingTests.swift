import HostBackup
import SnapWriter
import Testing

/// The `patchSql` step as the parser reads it: what it accepts, and every refusal with its
/// place and key, downgrades included.
@Suite("Scenario parser: patchSql")
struct PatchSqlParsingTests {
    static let versions = SQLVersion.allowedList

    /// `topology` (VM1 and VM2 on 2019, VM3 without SQL Server) with one step on line 13.
    static func step(_ text: String) -> String { topology + "steps:\n  - \(text)\n" }

    static let refusals: [Refusal] = [
        Refusal("missing vm", step("patchSql: { version: 2019 }"),
                at: 13, 15, key: "steps[0].patchSql.vm", "missing required key 'vm'"),
        Refusal("unknown vm", step("patchSql: { vm: VM7, version: 2019 }"),
                at: 13, 21, key: "steps[0].patchSql.vm", "unknown VM 'VM7'; VMs: VM1, VM2, VM3"),
        Refusal("vm without SQL Server", step("patchSql: { vm: VM3, version: 2019 }"),
                at: 13, 21, key: "steps[0].patchSql.vm", "VM3 has no SQL Server (no 'sql' key); VMs with SQL Server: VM1, VM2"),
        Refusal("missing version", step("patchSql: { vm: VM1 }"),
                at: 13, 15, key: "steps[0].patchSql.version", "missing required key 'version'; allowed: \(versions)"),
        Refusal("unknown version", step("patchSql: { vm: VM1, version: 2012-SP4 }"),
                at: 13, 35, key: "steps[0].patchSql.version", "unknown value '2012-SP4'; allowed: \(versions)"),
        Refusal("older build", step("patchSql: { vm: VM1, version: 2016 }"),
                at: 13, 35, key: "steps[0].patchSql.version",
                "2016 is older than 2019, which VM1 runs by this step; SQL Server cannot be downgraded in place; "
                    + "allowed: 2019, 2022, 2025"),
        Refusal("older than an earlier patch", topology + """
            steps:
              - patchSql: { vm: VM1, version: 2022 }
              - patchSql: { vm: VM2, version: 2019 }
              - patchSql: { vm: VM1, version: 2019 }
            """, at: 15, 35, key: "steps[2].patchSql.version",
                "2019 is older than 2022, which VM1 runs by this step; SQL Server cannot be downgraded in place; "
                    + "allowed: 2022, 2025"),
        Refusal("bad collation", step("patchSql: { vm: VM1, version: 2019, collation: Latin1-General }"),
                at: 13, 52, key: "steps[0].patchSql.collation",
                "'Latin1-General' is not a collation name; allowed: letters, digits and underscores, "
                    + "e.g. SQL_Latin1_General_CP1_CI_AS"),
        Refusal("unknown key", step("patchSql: { vm: VM1, version: 2019, edition: standard }"),
                at: 13, 41, key: "steps[0].patchSql", "unknown key 'edition'; allowed: vm, version, collation"),
        Refusal("bare patchSql", step("patchSql"),
                at: 13, 5, key: "steps[0]", "step 'patchSql' needs its fields; write it as 'patchSql: { ... }'"),
        Refusal("case-insensitive collation over names that differ in case", """
            name: t
            vms:
              - { name: VM1, sql: { version: 2014, collation: Latin1_General_CS_AS, databases: [{ name: Sales }, { name: sales }] } }
            steps:
              - patchSql: { vm: VM1, version: 2014, collation: Latin1_General_CI_AS }
            """, at: 5, 52, key: "steps[0].patchSql.collation",
                "Latin1_General_CI_AS ignores case, and VM1 has databases 'Sales' and 'sales'; "
                    + "database names must stay unique under the new collation"),
    ]

    @Test(arguments: refusals)
    func refuses(_ refusal: Refusal) {
        refusal.check()
    }

    @Test func readsVersionAndCollationAndAcceptsTheSameBuild() throws {
        let scenario = try ScenarioParser.parse(topology + """
            steps:
              - patchSql: { vm: VM2, version: 2022, collation: Latin1_General_BIN2 }
              - patchSql: { vm: VM2, version: 2022 }
            """, file: "test.yaml")
        guard case .patchSql(let first) = scenario.steps[0].kind, case .patchSql(let second) = scenario.steps[1].kind else {
            Issue.record("not patchSql steps")
            return
        }
        #expect(first == SQLPatch(vm: "VM2", version: .v2022, collation: Collation("Latin1_General_BIN2")))
        #expect(second == SQLPatch(vm: "VM2", version: .v2022))
        #expect(scenario.steps.map(\.keyword) == ["patchSql", "patchSql"])
        #expect(scenario.steps[0].target == "VM2 to 2022 (Latin1_General_BIN2)")
        #expect(scenario.vm(named: "VM2")?.sql?.version == .v2019, "the declared build stays what the file says")
    }
}
