import HostBackup
import Testing

@Suite("Scenario parser: steps")
struct ScenarioParserStepTests {
    static let kinds = "backup, workload, replica, failover, recoveryModel, corruptPage, checkdb, hostBackup, restartService, patchSql, setVssOption"

    /// `topology` with one step on line 13.
    static func step(_ text: String) -> String { topology + "steps:\n  - \(text)\n" }

    static let refusals: [Refusal] = [
        Refusal("steps not a list", topology + "steps: hostBackup\n", at: 12, 8, key: "steps",
                "expected a list, found 'hostBackup'"),
        Refusal("unknown step", step("bakup: { vm: VM1 }"), at: 13, 5, key: "steps[0]",
                "unknown key 'bakup'; allowed: \(kinds)"),
        Refusal("two steps in one item", step("{ backup: { vm: VM1, database: Sales, type: full }, workload: { seconds: 1 } }"),
                at: 13, 57, key: "steps[0]",
                "a step has one key, found 'backup' and 'workload'; write each step as its own list item"),
        Refusal("empty step", step("{}"), at: 13, 5, key: "steps[0]", "empty step; allowed: \(kinds)"),
        Refusal("bare step that needs fields", step("checkdb"), at: 13, 5, key: "steps[0]",
                "step 'checkdb' needs its fields; write it as 'checkdb: { ... }'"),
        Refusal("bare unknown step", step("snapshot"), at: 13, 5, key: "steps[0]",
                "unknown value 'snapshot'; allowed: \(kinds)"),
        Refusal("backup unknown key", step("backup: { vm: VM1, database: Sales, type: full, verify: true }"),
                at: 13, 53, key: "steps[0].backup", "unknown key 'verify'; allowed: vm, database, type, copyOnly, onlyIfPreferred, wait, inTransaction"),
        Refusal("backup type missing", step("backup: { vm: VM1, database: Sales }"),
                at: 13, 13, key: "steps[0].backup.type", "missing required key 'type'; allowed: full, differential, log"),
        Refusal("backup type unknown", step("backup: { vm: VM1, database: Sales, type: incremental }"),
                at: 13, 47, key: "steps[0].backup.type", "unknown value 'incremental'; allowed: full, differential, log"),
        Refusal("backup of a database the VM lacks", step("backup: { vm: VM2, database: Stock, type: full }"),
                at: 13, 34, key: "steps[0].backup.database", "unknown database 'Stock' on VM2; databases: Sales"),
        Refusal("backup on a VM without SQL Server", step("backup: { vm: VM3, database: Sales, type: full }"),
                at: 13, 19, key: "steps[0].backup.vm", "VM3 has no SQL Server (no 'sql' key); VMs with SQL Server: VM1, VM2"),
        Refusal("backup on an unknown VM", step("backup: { vm: VM7, database: Sales, type: full }"),
                at: 13, 19, key: "steps[0].backup.vm", "unknown VM 'VM7'; VMs: VM1, VM2, VM3"),
        Refusal("copyOnly not a boolean", step("backup: { vm: VM1, database: Sales, type: full, copyOnly: maybe }"),
                at: 13, 63, key: "steps[0].backup.copyOnly", "expected true or false, found 'maybe'"),
        Refusal("wait not a boolean", step("backup: { vm: VM1, database: Sales, type: full, wait: later }"),
                at: 13, 59, key: "steps[0].backup.wait", "expected true or false, found 'later'"),
        Refusal("inTransaction not a boolean", step("backup: { vm: VM1, database: Sales, type: log, inTransaction: 1 }"),
                at: 13, 67, key: "steps[0].backup.inTransaction", "expected true or false, found '1'"),
        Refusal("workload of zero seconds", step("workload: { seconds: 0 }"),
                at: 13, 26, key: "steps[0].workload.seconds", "0 is out of range; allowed: a number greater than 0"),
        Refusal("workload not a mapping", step("workload: 60"),
                at: 13, 15, key: "steps[0].workload", "expected a mapping, found '60'; allowed keys: seconds"),
        Refusal("replica of an unknown AG", step("replica: { ag: AG2, vm: VM1, connected: false }"),
                at: 13, 20, key: "steps[0].replica.ag", "unknown availability group 'AG2'; availability groups: AG1"),
        Refusal("replica VM outside the AG", step("replica: { ag: AG1, vm: VM3, connected: false }"),
                at: 13, 29, key: "steps[0].replica.vm", "VM3 is not a replica of AG1; replicas: VM1, VM2"),
        Refusal("replica change with nothing to change", step("replica: { ag: AG1, vm: VM2 }"),
                at: 13, 14, key: "steps[0].replica",
                "nothing to change; give at least one of: synchronizationState, connected, redoLagSeconds"),
        Refusal("redo lag negative", step("replica: { ag: AG1, vm: VM2, redoLagSeconds: -1 }"),
                at: 13, 50, key: "steps[0].replica.redoLagSeconds", "-1 is out of range; allowed: a number, 0 or more"),
        Refusal("replica synchronization state unknown", step("replica: { ag: AG1, vm: VM2, synchronizationState: paused }"),
                at: 13, 56, key: "steps[0].replica.synchronizationState",
                "unknown value 'paused'; allowed: synchronized, synchronizing, not-synchronizing"),
        Refusal("failover to a VM outside the AG", step("failover: { ag: AG1, to: VM3 }"),
                at: 13, 30, key: "steps[0].failover.to", "VM3 is not a replica of AG1; replicas: VM1, VM2"),
        Refusal("failover without a target", step("failover: { ag: AG1 }"),
                at: 13, 15, key: "steps[0].failover.to", "missing required key 'to'"),
        Refusal("recovery model unknown", step("recoveryModel: { vm: VM1, database: Stock, model: bulk }"),
                at: 13, 55, key: "steps[0].recoveryModel.model", "unknown value 'bulk'; allowed: full, simple, bulk-logged"),
        Refusal("negative page", step("corruptPage: { vm: VM1, database: Sales, page: -1 }"),
                at: 13, 52, key: "steps[0].corruptPage.page", "-1 is out of range; allowed: 0 or more"),
        Refusal("checkdb without a database", step("checkdb: { vm: VM1 }"),
                at: 13, 14, key: "steps[0].checkdb.database", "missing required key 'database'"),
        Refusal("hostBackup with a field", step("hostBackup: { vm: VM1 }"),
                at: 13, 19, key: "steps[0].hostBackup", "unknown key 'vm'; allowed: host"),
        Refusal("hostBackup with a value", step("hostBackup: yes"),
                at: 13, 17, key: "steps[0].hostBackup", "expected {}, { host: NAME } or nothing, found 'yes'"),
        Refusal("hostBackup of an unknown host", step("hostBackup: { host: HV09 }"),
                at: 13, 25, key: "steps[0].hostBackup.host", "unknown host 'HV09'; hosts: HV01"),
        Refusal("unknown service", step("restartService: { vm: VM1, service: MSSQLSERVER }"),
                at: 13, 41, key: "steps[0].restartService.service",
                "unknown value 'MSSQLSERVER'; allowed: SQLWriter, VSS, CryptSvc, Winmgmt"),
        Refusal("SQLWriter on a VM without SQL Server", step("restartService: { vm: VM3, service: SQLWriter }"),
                at: 13, 41, key: "steps[0].restartService.service",
                "VM3 has no SQL Server, so no SQLWriter service; services on VM3: VSS, CryptSvc, Winmgmt"),
        Refusal("error in a later step names its index", topology + """
            steps:
              - hostBackup
              - workload: { seconds: 5 }
              - checkdb: { vm: VM2, database: Stock }
            """, at: 15, 35, key: "steps[2].checkdb.database", "unknown database 'Stock' on VM2; databases: Sales"),
    ]

    @Test(arguments: refusals)
    func refuses(_ refusal: Refusal) {
        refusal.check()
    }
}
