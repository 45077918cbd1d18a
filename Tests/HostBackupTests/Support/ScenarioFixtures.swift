import HostBackup
import SnapWriter

/// Scenarios written the way users write them, built per test.
enum ScenarioFixtures {
    /// VM1 primary of AG1 (Sales) plus a standalone database; VM2 without SQL Server; VM3 secondary.
    static func threeVMs(version: String = "2012-SP1", collation: String? = nil, edition: String = "enterprise",
                         hostType: String = "full", extra: String = "") -> String {
        let collationLine = collation.map { "\n      collation: \($0)" } ?? ""
        let standaloneDatabase = edition == "standard" ? "" : "\n        - name: Inventory"
        return """
            name: three-vms
            seed: 7
            host:
              backupType: \(hostType)
            vms:
              - name: VM1
                sql:
                  version: \(version)
                  edition: \(edition)\(collationLine)
                  databases:
                    - name: Sales\(standaloneDatabase)
              - name: VM2
              - name: VM3
                sql:
                  version: \(version)
                  edition: \(edition)\(collationLine)
                  databases:
                    - name: Sales
            availabilityGroups:
              - name: AG1
                databases: [Sales]
                replicas:
                  - vm: VM1
                    role: primary
                  - vm: VM3
                    role: secondary
            \(extra)
            """
    }

    /// Runs the scenario on memory volumes: what the run produced, as values.
    static func run(_ yaml: String, audit: RunAudit = []) throws -> RunResult {
        try ScenarioRunner(scenario: ScenarioParser.parse(yaml, file: "test.yaml")).run(audit: audit)
    }

    /// Runs the scenario on memory volumes, keeping its world for the test to look inside.
    static func runKeepingWorld(_ yaml: String) throws -> TestRun {
        let (result, world) = try ScenarioRunner(scenario: ScenarioParser.parse(yaml, file: "test.yaml")).runKeepingWorld()
        return TestRun(result: result, world: world)
    }
}

extension RunResult {
    func vm(_ name: String) -> VMBackupResult? { lastHostBackup?.vms.first { $0.vm == name } }

    func database(_ vm: String, _ name: String) -> DatabaseBackupResult? {
        self.vm(vm)?.databases.first { $0.database == name }
    }

    func writer(_ vm: String, _ name: String) -> WriterStatus? {
        self.vm(vm)?.writers.first { $0.name == name }
    }

    func events(_ name: String) -> [TraceEvent] { events.filter { $0.event == name } }
}
