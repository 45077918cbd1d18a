import SnapWriter

/// Writes random scenarios as scenario files, so a run that breaks an invariant can be
/// replayed with `snapwriter run` as it stands: topologies of one to four VMs, every SQL
/// Server build and collation kind, an availability group in every synchronization state,
/// writer, volume, host and repository faults, and steps that back up, let time pass, restart
/// and patch SQL Server.
struct SoakScenarioGenerator {
    private var random: SeededRandom

    init(random: SeededRandom) {
        self.random = random
    }

    static let versions = ["2012-RTM", "2012-SP1", "2012-SP2", "2012-SP2-CU1", "2012-SP2-CU2", "2012-SP3", "2014",
                           "2016", "2017", "2019", "2022", "2025"]
    static let collations = ["SQL_Latin1_General_CP1_CI_AS", "SQL_Latin1_General_CP1_CI_AS", "Latin1_General_CS_AS",
                             "Latin1_General_BIN2"]

    private struct VM {
        var name: String
        var running: Bool
        var sql: Bool
        var inventory: Bool
        /// The build drawn for its instance, as a place in `versions`.
        var version = 0
    }

    /// The scenario file's text for run `index`, with `seed` as the scenario's own seed.
    mutating func scenario(index: Int, seed: UInt64) -> String {
        var lines = ["name: soak-\(index)", "seed: \(seed)", "workload:",
                     "  transactionsPerSecond: \(pick(20...80))", "vms:"]
        var vms: [VM] = []
        for number in 1...pick(1...4) {
            let vm = VM(name: "VM\(number)", running: chance(0.9), sql: chance(0.8), inventory: chance(0.5))
            vms.append(vm)
        }
        let sqlVMs = vms.filter(\.sql)
        let groupMembers = sqlVMs.count >= 2 && chance(0.6) ? Array(sqlVMs.prefix(3)) : []
        for (index, vm) in vms.enumerated() {
            lines.append("  - name: \(vm.name)")
            if !vm.running { lines.append("    state: off") }
            if chance(0.15) { lines.append("    backupIntegrationService: false") }
            guard vm.sql else { continue }
            lines.append("    sql:")
            vms[index].version = pick(0...(Self.versions.count - 1))
            lines.append("      version: \(Self.versions[vms[index].version])")
            lines.append("      collation: \(one(of: Self.collations))")
            lines.append("      databases:")
            let salesModel = groupMembers.contains { $0.name == vm.name } ? "full" : model()
            lines.append("        - { name: Sales, recoveryModel: \(salesModel), sizeMiB: \(pick(2...4)) }")
            if vm.inventory { lines.append("        - { name: Inventory, recoveryModel: \(model()), sizeMiB: 2 }") }
        }
        if !groupMembers.isEmpty {
            lines += ["availabilityGroups:", "  - name: AG1", "    databases: [Sales]",
                      "    automatedBackupPreference: \(one(of: ["primary", "secondary_only", "secondary", "none"]))",
                      "    replicas:"]
            for (position, vm) in groupMembers.enumerated() {
                lines.append("      - vm: \(vm.name)")
                lines.append("        role: \(position == 0 ? "primary" : "secondary")")
                lines.append("        backupPriority: \(pick(0...100))")
                lines.append("        availabilityMode: \(one(of: ["synchronous-commit", "asynchronous-commit"]))")
                if position > 0 {
                    let state = chance(0.7) ? "synchronized" : one(of: ["synchronizing", "not-synchronizing"])
                    lines.append("        synchronizationState: \(state)")
                    if chance(0.15) { lines.append("        connected: false") }
                }
            }
        }
        lines += faults(vms)
        lines += steps(vms)
        return lines.joined(separator: "\n") + "\n"
    }

    private mutating func faults(_ vms: [VM]) -> [String] {
        var rules: [String] = []
        if chance(0.35) {
            let vm = one(of: vms)
            let writer = vm.sql && chance(0.7) ? "SqlServerWriter" : one(of: ["System Writer", "Registry Writer"])
            let event = one(of: ["identify", "prepare-backup", "prepare-snapshot", "freeze", "thaw", "post-snapshot",
                                 "backup-complete"])
            var rule = "  - { vm: \(vm.name), writer: \(writer), event: \(event), "
            switch pick(0...4) {
            case 0: rule += "action: hang"
            case 1: rule += "action: delay, delayMs: \(pick(100...15000))"
            default:
                rule += "action: fail, error: "
                    + one(of: ["retryable", "nonretryable", "timeout", "out-of-resources", "inconsistent-snapshot",
                               "partial-failure"])
            }
            rules.append(rule + ", times: \(pick(1...2)) }")
        }
        if chance(0.35) {
            let vm = one(of: vms)
            let operation = one(of: ["write", "write", "write", "fsync", "read", "open"])
            var rule = "  - { vm: \(vm.name), volume: \"D:\", operation: \(operation)"
            if chance(0.6) { rule += ", path: " + one(of: ["Data/Sales.mdf", "Data/Sales_log.ldf", "Data"]) }
            if chance(0.75) {
                rule += ", errno: " + one(of: ["EIO", "ENOSPC", "EROFS", "ENXIO"])
            } else {
                rule += ", latencyMs: \(pick(100...12000))"
            }
            rule += ", probability: " + one(of: ["1", "0.5", "0.1"])
            if chance(0.8) { rule += ", times: \(pick(1...3))" }
            rules.append(rule + " }")
        }
        if chance(0.3) {
            let vm = one(of: vms)
            switch pick(0...3) {
            case 0:
                let event = one(of: ["prepare-backup", "prepare-snapshot", "freeze", "thaw", "post-snapshot",
                                     "backup-complete"])
                rules.append("  - { host: vm-stops, vm: \(vm.name), event: \(event), times: 1 }")
            case 1:
                rules.append("  - { host: integration-service-silent, vm: \(vm.name), times: 1 }")
            case 2:
                let event = one(of: ["prepare-backup", "prepare-snapshot", "freeze", "thaw", "post-snapshot"])
                rules.append("  - { host: second-backup, event: \(event), times: 1 }")
            default:
                let event = one(of: ["identify", "prepare-backup", "post-snapshot"])
                rules.append("  - { host: requester-disappears, vm: \(vm.name), event: \(event), times: 1 }")
            }
        }
        if chance(0.25) {
            // The backup target fills up or fails: one VM's image (or the first one's), part
            // written or not at all.
            var rule = "  - { repository: \(one(of: ["no-space", "io-error"]))"
            if chance(0.6) { rule += ", vm: \(one(of: vms).name)" }
            if chance(0.5) { rule += ", afterBytes: \(one(of: [512, 4096, 70_000]))" }
            rules.append(rule + ", times: \(pick(1...2)) }")
        }
        return rules.isEmpty ? [] : ["faults:"] + rules
    }

    private mutating func steps(_ vms: [VM]) -> [String] {
        var steps: [String] = []
        var hostBackups = 0
        var sqlVMs = vms.filter(\.sql)
        for _ in 0..<pick(3...8) {
            let roll = pick(0...99)
            if roll < 30 {
                steps.append("  - workload: { seconds: \(pick(1...20)) }")
            } else if roll < 60 {
                steps.append("  - hostBackup: {}")
                hostBackups += 1
            } else if roll < 82, !sqlVMs.isEmpty {
                let vm = one(of: sqlVMs)
                let database = vm.inventory && chance(0.4) ? "Inventory" : "Sales"
                var step = "  - backup: { vm: \(vm.name), database: \(database), type: "
                    + one(of: ["full", "full", "differential", "log", "log"])
                if chance(0.2) { step += ", copyOnly: true" }
                if chance(0.2) { step += ", onlyIfPreferred: true" }
                steps.append(step + " }")
            } else if roll < 92, !sqlVMs.isEmpty {
                steps.append("  - restartService: { vm: \(one(of: sqlVMs).name), service: SQLWriter }")
            } else if roll < 97, !sqlVMs.isEmpty {
                steps.append("  - checkdb: { vm: \(one(of: sqlVMs).name), database: Sales }")
            } else if !sqlVMs.isEmpty {
                // Never older than the build the VM runs by then: the parser refuses a downgrade.
                let index = pick(0...(sqlVMs.count - 1))
                sqlVMs[index].version = pick(sqlVMs[index].version...(Self.versions.count - 1))
                var step = "  - patchSql: { vm: \(sqlVMs[index].name), version: \(Self.versions[sqlVMs[index].version])"
                if chance(0.3) { step += ", collation: \(one(of: Self.collations))" }
                steps.append(step + " }")
            }
        }
        if hostBackups == 0 { steps.append("  - hostBackup: {}") }
        return ["steps:"] + steps
    }

    private mutating func model() -> String { chance(0.8) ? "full" : "simple" }

    private mutating func chance(_ probability: Double) -> Bool {
        Double(random.next() >> 11) / Double(1 << 53) < probability
    }

    private mutating func pick(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    private mutating func one<T>(of choices: [T]) -> T { choices[pick(0...(choices.count - 1))] }
}
