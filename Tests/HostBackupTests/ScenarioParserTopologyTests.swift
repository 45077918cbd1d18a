import HostBackup
import Testing

@Suite("Scenario parser: VMs, SQL Server instances and availability groups")
struct ScenarioParserTopologyTests {
    static let versions = "2012-RTM, 2012-SP1, 2012-SP2, 2012-SP2-CU1, 2012-SP2-CU2, 2012-SP3, 2014, 2016, 2017, 2019, 2022, 2025"

    static let vmRefusals: [Refusal] = [
        Refusal("unknown VM key", "name: t\nvms:\n  - name: VM1\n    stat: off\n", at: 4, 5, key: "vms[0]",
                "unknown key 'stat'; allowed: name, state, backupIntegrationService, os, guestAgent, sql"),
        Refusal("VM name missing", "name: t\nvms:\n  - name: VM1\n  - state: off\n", at: 4, 5, key: "vms[1].name",
                "missing required key 'name'"),
        Refusal("duplicate VM name", "name: t\nvms:\n  - name: VM1\n  - name: VM1\n", at: 4, 11, key: "vms[1].name",
                "duplicate VM name 'VM1' (vms[0] is 'VM1'); VM names must be unique, ignoring case"),
        Refusal("VM names ignore case", "name: t\nvms:\n  - name: VM1\n  - name: vm1\n", at: 4, 11, key: "vms[1].name",
                "duplicate VM name 'vm1' (vms[0] is 'VM1'); VM names must be unique, ignoring case"),
        Refusal("VM state unknown", "name: t\nvms:\n  - name: VM1\n    state: paused\n", at: 4, 12, key: "vms[0].state",
                "unknown value 'paused'; allowed: running, off"),
        Refusal("integration service not a boolean", "name: t\nvms:\n  - name: VM1\n    backupIntegrationService: \"no\"\n",
                at: 4, 31, key: "vms[0].backupIntegrationService",
                "expected true or false, found the quoted string 'no'"),
        Refusal("sql not a mapping", "name: t\nvms:\n  - name: VM1\n    sql: 2019\n", at: 4, 10, key: "vms[0].sql",
                "expected a mapping, found '2019'; allowed keys: version, edition, collation, databases"),
        Refusal("sql version missing", "name: t\nvms:\n  - name: VM1\n    sql:\n      edition: standard\n",
                at: 5, 7, key: "vms[0].sql.version", "missing required key 'version'; allowed: \(versions)"),
        Refusal("sql version unknown", """
            name: x
            seed: 1
            clock: virtual
            host:
              name: HV01
            vms:
              - name: VM1
              - name: VM2
                state: running
                backupIntegrationService: true
                sql:
                  version: 2012-SP4
            """, at: 12, 16, key: "vms[1].sql.version", "unknown value '2012-SP4'; allowed: \(versions)"),
        Refusal("sql edition unknown", "name: t\nvms:\n  - name: VM1\n    sql: { version: 2019, edition: express }\n",
                at: 4, 36, key: "vms[0].sql.edition", "unknown value 'express'; allowed: enterprise, standard"),
        Refusal("collation not a name", "name: t\nvms:\n  - name: VM1\n    sql: { version: 2019, collation: 'Latin1 CI' }\n",
                at: 4, 38, key: "vms[0].sql.collation",
                "'Latin1 CI' is not a collation name; allowed: letters, digits and underscores, e.g. SQL_Latin1_General_CP1_CI_AS"),
        Refusal("database name missing", "name: t\nvms:\n  - name: VM1\n    sql:\n      version: 2019\n      databases:\n        - sizeMiB: 8\n",
                at: 7, 11, key: "vms[0].sql.databases[0].name", "missing required key 'name'"),
        Refusal("duplicate database name", "name: t\nvms:\n  - name: VM1\n    sql:\n      version: 2019\n      databases: [{ name: Sales }, { name: Sales }]\n",
                at: 6, 44, key: "vms[0].sql.databases[1].name",
                "duplicate database name 'Sales' (databases[0] is 'Sales' under collation SQL_Latin1_General_CP1_CI_AS); database names must be unique"),
        Refusal("database names ignore case under a CI collation",
                "name: t\nvms:\n  - name: VM1\n    sql:\n      version: 2019\n      databases: [{ name: Sales }, { name: SALES }]\n",
                at: 6, 44, key: "vms[0].sql.databases[1].name",
                "duplicate database name 'SALES' (databases[0] is 'Sales' under collation SQL_Latin1_General_CP1_CI_AS); database names must be unique"),
        Refusal("database unknown key", "name: t\nvms:\n  - name: VM1\n    sql:\n      version: 2019\n      databases: [{ name: Sales, recovery: full }]\n",
                at: 6, 34, key: "vms[0].sql.databases[0]", "unknown key 'recovery'; allowed: name, recoveryModel, sizeMiB"),
        Refusal("recovery model unknown", "name: t\nvms:\n  - name: VM1\n    sql:\n      version: 2019\n      databases: [{ name: Sales, recoveryModel: bulk_logged }]\n",
                at: 6, 49, key: "vms[0].sql.databases[0].recoveryModel",
                "unknown value 'bulk_logged'; allowed: full, simple, bulk-logged"),
        Refusal("database size zero", "name: t\nvms:\n  - name: VM1\n    sql:\n      version: 2019\n      databases: [{ name: Sales, sizeMiB: 0 }]\n",
                at: 6, 43, key: "vms[0].sql.databases[0].sizeMiB", "0 is out of range; allowed: 1 or more"),
        Refusal("database size not an integer", "name: t\nvms:\n  - name: VM1\n    sql:\n      version: 2019\n      databases: [{ name: Sales, sizeMiB: 1.5 }]\n",
                at: 6, 43, key: "vms[0].sql.databases[0].sizeMiB", "expected an integer, found '1.5'; allowed: 1 or more"),
    ]

    @Test(arguments: vmRefusals)
    func refusesVM(_ refusal: Refusal) {
        refusal.check()
    }

    @Test func databaseNamesDifferingInCaseAreDistinctUnderACaseSensitiveCollation() throws {
        let scenario = try ScenarioParser.parse("""
            name: t
            vms:
              - name: VM1
                sql: { version: 2019, collation: Latin1_General_CS_AS, databases: [{ name: Sales }, { name: SALES }] }
            """, file: "test.yaml")
        #expect(scenario.vms[0].sql?.databases.map(\.name) == ["Sales", "SALES"])
    }

    /// Two SQL Server 2019 VMs and one without SQL Server, then an availability group from line 6.
    static func group(_ text: String, edition: String = "enterprise", version: String = "2019") -> String {
        """
        name: t
        vms:
          - { name: VM1, sql: { version: \(version), edition: \(edition), databases: [{ name: Sales }, { name: Stock }] } }
          - { name: VM2, sql: { version: \(version), edition: \(edition), databases: [{ name: Sales }, { name: Stock, recoveryModel: simple }] } }
          - { name: VM3 }
        availabilityGroups:
        \(text)
        """
    }

    static let groupRefusals: [Refusal] = [
        Refusal("AG unknown key", group("  - name: AG1\n    replica: []"), at: 8, 5, key: "availabilityGroups[0]",
                "unknown key 'replica'; allowed: name, databases, automatedBackupPreference, replicas"),
        Refusal("AG name missing", group("  - replicas: []"), at: 7, 5, key: "availabilityGroups[0].name",
                "missing required key 'name'"),
        Refusal("duplicate AG name", group("""
              - { name: AG1, replicas: [{ vm: VM1, role: primary }] }
              - { name: ag1, replicas: [{ vm: VM2, role: primary }] }
            """), at: 8, 13, key: "availabilityGroups[1].name",
                "duplicate availability group name 'ag1' (availabilityGroups[0] is 'AG1'); availability group names must be unique, ignoring case"),
        Refusal("backup preference unknown", group("  - { name: AG1, automatedBackupPreference: any, replicas: [] }"),
                at: 7, 45, key: "availabilityGroups[0].automatedBackupPreference",
                "unknown value 'any'; allowed: primary, secondary_only, secondary, none"),
        Refusal("replicas missing", group("  - { name: AG1 }"), at: 7, 5, key: "availabilityGroups[0].replicas",
                "missing required key 'replicas'"),
        Refusal("replica vm missing", group("  - name: AG1\n    replicas:\n      - role: primary"),
                at: 9, 9, key: "availabilityGroups[0].replicas[0].vm", "missing required key 'vm'"),
        Refusal("replica on an unknown VM", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: primary }\n      - { vm: VM9, role: secondary }"),
                at: 10, 15, key: "availabilityGroups[0].replicas[1].vm", "unknown VM 'VM9'; VMs: VM1, VM2, VM3"),
        Refusal("replica on a VM without SQL Server", group("  - name: AG1\n    replicas:\n      - { vm: VM3, role: primary }"),
                at: 9, 15, key: "availabilityGroups[0].replicas[0].vm",
                "VM3 has no SQL Server (no 'sql' key); VMs with SQL Server: VM1, VM2"),
        Refusal("replica role missing", group("  - name: AG1\n    replicas:\n      - { vm: VM1 }"),
                at: 9, 9, key: "availabilityGroups[0].replicas[0].role", "missing required key 'role'; allowed: primary, secondary"),
        Refusal("replica role unknown", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: leader }"),
                at: 9, 26, key: "availabilityGroups[0].replicas[0].role", "unknown value 'leader'; allowed: primary, secondary"),
        Refusal("replica unknown key", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: primary, priority: 5 }"),
                at: 9, 35, key: "availabilityGroups[0].replicas[0]",
                "unknown key 'priority'; allowed: vm, role, availabilityMode, backupPriority, synchronizationState, connected, logSendRateKBps, redoRateKBps"),
        Refusal("send rate of zero", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: primary, logSendRateKBps: 0 }"),
                at: 9, 52, key: "availabilityGroups[0].replicas[0].logSendRateKBps",
                "0 is out of range; allowed: a number greater than 0"),
        Refusal("redo rate quoted", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: primary, redoRateKBps: \"5\" }"),
                at: 9, 49, key: "availabilityGroups[0].replicas[0].redoRateKBps",
                "expected a number, found the quoted string '5'; allowed: a number greater than 0"),
        Refusal("backup priority above 100", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: primary, backupPriority: 101 }"),
                at: 9, 51, key: "availabilityGroups[0].replicas[0].backupPriority", "101 is out of range; allowed: 0..100"),
        Refusal("backup priority negative", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: primary, backupPriority: -1 }"),
                at: 9, 51, key: "availabilityGroups[0].replicas[0].backupPriority", "-1 is out of range; allowed: 0..100"),
        Refusal("availability mode unknown", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: primary, availabilityMode: sync }"),
                at: 9, 53, key: "availabilityGroups[0].replicas[0].availabilityMode",
                "unknown value 'sync'; allowed: synchronous-commit, asynchronous-commit"),
        Refusal("synchronization state unknown", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: primary, synchronizationState: SYNCHRONIZED }"),
                at: 9, 57, key: "availabilityGroups[0].replicas[0].synchronizationState",
                "unknown value 'SYNCHRONIZED'; allowed: synchronized, synchronizing, not-synchronizing"),
        Refusal("connected not a boolean", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: primary, connected: 1 }"),
                at: 9, 46, key: "availabilityGroups[0].replicas[0].connected", "expected true or false, found '1'"),
        Refusal("VM twice in one AG", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: primary }\n      - { vm: VM1, role: secondary }"),
                at: 10, 15, key: "availabilityGroups[0].replicas[1].vm",
                "VM1 is listed twice in AG1 (also replicas[0]); a VM holds at most one replica of an availability group"),
        Refusal("no primary", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: secondary }"),
                at: 9, 7, key: "availabilityGroups[0].replicas", "AG1 has no primary replica; exactly one replica has role: primary"),
        Refusal("no replicas at all", group("  - { name: AG1, replicas: [] }"),
                at: 7, 28, key: "availabilityGroups[0].replicas", "AG1 has no primary replica; exactly one replica has role: primary"),
        Refusal("two primaries", group("  - name: AG1\n    replicas:\n      - { vm: VM1, role: primary }\n      - { vm: VM2, role: primary }"),
                at: 10, 26, key: "availabilityGroups[0].replicas[1].role",
                "AG1 already has primary VM1; exactly one replica has role: primary"),
        Refusal("database listed twice", group("  - { name: AG1, databases: [Sales, Sales], replicas: [{ vm: VM1, role: primary }] }"),
                at: 7, 37, key: "availabilityGroups[0].databases[1]",
                "'Sales' is listed twice (also databases[0]); each database joins an availability group once"),
        Refusal("AG database missing on a replica", group("""
              - name: AG1
                databases: [Sales, Orders]
                replicas:
                  - { vm: VM1, role: primary }
            """), at: 8, 24, key: "availabilityGroups[0].databases[1]",
                "database 'Orders' does not exist on replica VM1; an availability group's databases must exist on every replica; databases on VM1: Sales, Stock"),
        Refusal("AG database not in full recovery", group("""
              - name: AG1
                databases: [Stock]
                replicas:
                  - { vm: VM1, role: primary }
                  - { vm: VM2, role: secondary }
            """), at: 8, 17, key: "availabilityGroups[0].databases[0]",
                "database 'Stock' on VM2 uses recoveryModel: simple; availability group databases must use full"),
        Refusal("database in two AGs on one instance", group("""
              - { name: AG1, databases: [Sales], replicas: [{ vm: VM1, role: primary }] }
              - { name: AG2, databases: [Sales], replicas: [{ vm: VM2, role: primary }, { vm: VM1, role: secondary }] }
            """), at: 8, 30, key: "availabilityGroups[1].databases[0]",
                "database 'Sales' on VM1 already belongs to AG1; a database joins at most one availability group"),
        Refusal("Basic AG before 2016", group("  - { name: AG1, databases: [Sales], replicas: [{ vm: VM1, role: primary }] }",
                                              edition: "standard", version: "2014"),
                at: 7, 55, key: "availabilityGroups[0].replicas[0].vm",
                "VM1 runs SQL Server 2014 Standard edition, which has no availability groups; Basic availability groups need 2016 or later"),
        Refusal("Basic AG with three replicas", """
            name: t
            vms:
              - { name: VM1, sql: { version: 2016, edition: standard, databases: [{ name: Sales }] } }
              - { name: VM2, sql: { version: 2016, edition: standard, databases: [{ name: Sales }] } }
              - { name: VM3, sql: { version: 2016, edition: standard, databases: [{ name: Sales }] } }
            availabilityGroups:
              - name: AG1
                databases: [Sales]
                replicas:
                  - { vm: VM1, role: primary }
                  - { vm: VM2, role: secondary }
                  - { vm: VM3, role: secondary }
            """, at: 12, 9, key: "availabilityGroups[0].replicas[2]",
                "AG1 is a Basic availability group (VM1 runs Standard edition): at most two replicas allowed, found 3"),
        Refusal("Basic AG with two databases", group("  - { name: AG1, databases: [Sales, Stock], replicas: [{ vm: VM1, role: primary }] }",
                                                     edition: "standard", version: "2016"),
                at: 7, 29, key: "availabilityGroups[0].databases",
                "AG1 is a Basic availability group (VM1 runs Standard edition): exactly one database allowed, found 2"),
        Refusal("Basic AG without a database", group("  - name: AG1\n    replicas: [{ vm: VM1, role: primary }]",
                                                     edition: "standard", version: "2022"),
                at: 7, 5, key: "availabilityGroups[0]",
                "AG1 is a Basic availability group (VM1 runs Standard edition): exactly one database allowed, found 0"),
    ]

    @Test(arguments: groupRefusals)
    func refusesAvailabilityGroup(_ refusal: Refusal) {
        refusal.check()
    }

    @Test func basicAvailabilityGroupWithinItsLimits() throws {
        let scenario = try ScenarioParser.parse(Self.group("""
              - name: AG1
                databases: [Sales]
                replicas:
                  - { vm: VM1, role: primary }
                  - { vm: VM2, role: secondary }
            """, edition: "standard", version: "2016"), file: "test.yaml")
        #expect(scenario.availabilityGroups.map(\.name) == ["AG1"])
    }
}
