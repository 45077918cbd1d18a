import HostBackup
import SnapWriter

/// Scenarios for the SQL Server engine: a two- or three-replica availability group of
/// Sales plus a standalone Inventory on VM1, and the steps a test gives.
enum EngineFixtures {
    /// VM1 primary, VM2 secondary (priority 100); VM3 secondary when `threeReplicas`.
    static func group(version: String = "2019", steps: String, replicaExtras: [String: String] = [:],
                      preference: String = "secondary", threeReplicas: Bool = false, tps: Int = 50,
                      salesSizeMiB: Int = 16, seed: Int = 11) -> String {
        func extras(_ vm: String) -> String {
            replicaExtras[vm].map { "\n        " + $0.replacingOccurrences(of: "\n", with: "\n        ") } ?? ""
        }
        let third = threeReplicas ? """

              - name: VM3
                sql:
                  version: \(version)
                  databases:
                    - { name: Sales, sizeMiB: \(salesSizeMiB) }
            """ : ""
        let thirdReplica = threeReplicas ? """

                  - vm: VM3
                    role: secondary
                    backupPriority: 80\(extras("VM3"))
            """ : ""
        return """
            name: engine
            seed: \(seed)
            workload: { transactionsPerSecond: \(tps) }
            vms:
              - name: VM1
                sql:
                  version: \(version)
                  databases:
                    - { name: Sales, sizeMiB: \(salesSizeMiB) }
                    - name: Inventory
              - name: VM2
                sql:
                  version: \(version)
                  databases:
                    - { name: Sales, sizeMiB: \(salesSizeMiB) }\(third)
            availabilityGroups:
              - name: AG1
                databases: [Sales]
                automatedBackupPreference: \(preference)
                replicas:
                  - vm: VM1
                    role: primary\(extras("VM1"))
                  - vm: VM2
                    role: secondary
                    backupPriority: 100\(extras("VM2"))\(thirdReplica)
            steps:
            \(steps)
            """
    }

    static func run(_ yaml: String) throws -> TestRun { try ScenarioFixtures.runKeepingWorld(yaml) }
}

extension RunResult {
    func step(_ index: Int) -> StepResult { steps[index] }

    /// The backupset row a step recorded.
    func row(_ index: Int) -> BackupSet? { steps[index].backup }

    func trace(_ event: String, in vm: String) -> [TraceEvent] {
        events.filter { $0.event == event && $0.scope.hasSuffix("/\(vm)/MSSQLSERVER") }
    }
}
