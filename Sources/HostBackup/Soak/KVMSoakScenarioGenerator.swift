import SnapWriter

/// Writes random KVM host scenarios for the soak: Windows guests with SQL Server and a
/// random `VssOption` (in range or not), Linux guests, agents that do not run, guests
/// without an agent, slow backup-job starts past the 10 s hold, and steps that back up
/// natively, change VssOption and let time pass around the host's backups.
struct KVMSoakScenarioGenerator {
    private var random: SeededRandom

    init(random: SeededRandom) {
        self.random = random
    }

    private struct VM {
        var name: String
        var linux: Bool
        var sql: Bool
        var agent: Bool
    }

    /// The scenario file's text for run `index`, with `seed` as the scenario's own seed.
    mutating func scenario(index: Int, seed: UInt64) -> String {
        var lines = ["name: soak-\(index)-kvm", "seed: \(seed)", "workload:",
                     "  transactionsPerSecond: \(pick(20...80))", "host:", "  name: PVE1", "  hypervisor: kvm", "vms:"]
        var vms: [VM] = []
        for number in 1...pick(1...4) {
            let linux = chance(0.3)
            vms.append(VM(name: "VM\(number)", linux: linux, sql: !linux && chance(0.8), agent: chance(0.85)))
        }
        let sqlVMs = vms.filter(\.sql)
        // An availability group's databases use the full recovery model.
        let group = sqlVMs.count >= 2 && chance(0.5) ? Array(sqlVMs.prefix(2)).map(\.name) : []
        for vm in vms {
            lines.append("  - name: \(vm.name)")
            if vm.linux { lines.append("    os: linux") }
            if chance(0.08) { lines.append("    state: off") }
            if vm.agent {
                var agent: [String] = []
                if !vm.linux, chance(0.7) { agent.append("vssOption: \(one(of: [1, 1, 2, 3, 4, 5, 5, 0, 6, 42]))") }
                if chance(0.1) { agent.append("running: false") }
                lines.append("    guestAgent: { \(agent.joined(separator: ", ")) }")
            }
            guard vm.sql else { continue }
            lines.append("    sql:")
            lines.append("      version: \(one(of: SoakScenarioGenerator.versions))")
            lines.append("      databases:")
            let model = group.contains(vm.name) || chance(0.8) ? "full" : "simple"
            lines.append("        - { name: Sales, recoveryModel: \(model), sizeMiB: \(pick(2...4)) }")
        }
        if group.count == 2 {
            lines += ["availabilityGroups:", "  - name: AG1", "    databases: [Sales]", "    replicas:",
                      "      - { vm: \(group[0]), role: primary }", "      - { vm: \(group[1]), role: secondary }"]
        }
        var rules: [String] = []
        if chance(0.3) {
            rules.append("  - { host: slow-backup-start, vm: \(one(of: vms).name), seconds: \(pick(1...70)), times: 1 }")
        }
        if chance(0.2), let vm = sqlVMs.first {
            let event = one(of: ["prepare-snapshot", "freeze", "thaw", "backup-complete"])
            rules.append("  - { vm: \(vm.name), writer: SqlServerWriter, event: \(event), action: "
                + one(of: ["fail, error: retryable", "delay, delayMs: \(pick(100...15000))"]) + ", times: 1 }")
        }
        if chance(0.15) {
            rules.append("  - { repository: no-space, vm: \(one(of: vms).name), times: 1 }")
        }
        if !rules.isEmpty { lines += ["faults:"] + rules }
        lines += steps(vms)
        return lines.joined(separator: "\n") + "\n"
    }

    private mutating func steps(_ vms: [VM]) -> [String] {
        var steps = ["steps:"]
        let sqlVMs = vms.filter(\.sql)
        let windowsAgents = vms.filter { !$0.linux && $0.agent }
        var hostBackups = 0
        for _ in 0..<pick(3...7) {
            let roll = pick(0...99)
            if roll < 25 {
                steps.append("  - workload: { seconds: \(pick(1...20)) }")
            } else if roll < 55 {
                steps.append("  - hostBackup")
                hostBackups += 1
            } else if roll < 80, !sqlVMs.isEmpty {
                let vm = one(of: sqlVMs)
                steps.append("  - backup: { vm: \(vm.name), database: Sales, type: \(one(of: ["full", "differential", "log"])) }")
            } else if !windowsAgents.isEmpty {
                steps.append("  - setVssOption: { vm: \(one(of: windowsAgents).name), value: \(one(of: [1, 5, 3, 7])) }")
            }
        }
        if hostBackups == 0 { steps.append("  - hostBackup") }
        return steps
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double(random.next() >> 11) / Double(1 << 53) < probability
    }

    private mutating func pick(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    private mutating func one<T>(of choices: [T]) -> T { choices[pick(0...(choices.count - 1))] }
}
