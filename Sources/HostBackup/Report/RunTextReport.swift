import SnapWriter

/// The run as a person reads it: the trace step by step, the host backup's verdict, a
/// table of VMs and databases, vssadmin's view of each machine's writers, expectations.
public enum RunTextReport {
    public static func render(_ result: RunResult) -> String {
        let scenario = result.scenario
        if scenario.isFleet { return FleetTextReport.render(result) }
        var out: [String] = []
        out.append("SnapWriter run: \(scenario.name)  (seed \(scenario.seed), \(scenario.clock.rawValue) clock, "
            + "\(result.end.volumes.rawValue) volumes)")
        let asks = scenario.host.hypervisor == .kvm ? "a KVM host that quiesces through the QEMU guest agent"
            : "the host requestor asks for \(scenario.host.backupType.name)"
        out.append("Host \(scenario.host.name): \(asks); \(scenario.vms.count) VM(s)")
        out.append("")
        out.append(trace(result))
        if result.steps.contains(where: { $0.kind != "hostBackup" }) {
            out.append("")
            out.append(EngineTextReport.steps(result))
        }
        if let replicas = EngineTextReport.replicas(result.end) {
            out.append("")
            out.append(replicas)
        }
        if let host = result.lastHostBackup {
            out.append("")
            out.append(verdict(host))
            out.append("")
            out.append(summaryTable(host, end: result.end))
            out.append("")
            out.append(ImageTextReport.render(host))
            out.append("")
            out.append(writerBlocks(host, end: result.end))
        }
        if !result.expectations.isEmpty {
            out.append("")
            out.append(expectations(result.expectations))
        }
        return out.joined(separator: "\n")
    }

    /// Routine events to the system writers are in the JSON trace; here they would drown
    /// out what matters.
    private static let quietScopes = Set(WriterIdentity.systemWriters.map(\.name))
    private static let routineEvents = Set(WriterEvent.allCases.map(\.traceName))

    static func trace(_ result: RunResult) -> String {
        var lines: [String] = ["Trace (times on the scenario clock):"]
        for event in result.events {
            if event.event == "StepStarted" {
                lines.append("")
                lines.append("Step \(event.detail)")
                continue
            }
            let writerName = event.scope.split(separator: "/").last.map(String.init) ?? ""
            if quietScopes.contains(writerName), routineEvents.contains(event.event) { continue }
            let time = formatMilliseconds(event.tMs)
            let detail = event.detail.isEmpty ? "" : "  \(event.detail)"
            lines.append("  \(time)  \(event.scope)  \(event.event)\(detail)")
        }
        return lines.joined(separator: "\n")
    }

    static func formatMilliseconds(_ value: Double) -> String {
        let text = String(format: "%.3f", value / 1000)
        return String(repeating: " ", count: max(0, 9 - text.count)) + text + " s"
    }

    public static func verdict(_ host: HostBackupResult) -> String {
        if host.succeeded {
            let count = host.vms.filter { $0.status == .succeeded }.count
            return "Host backup SUCCEEDED: \(count) of \(host.vms.count) VM(s) backed up."
        }
        var lines = ["Host backup FAILED with \(host.hresult?.name ?? "") (\(host.hresult?.hex ?? ""))."]
        if let failure = host.failure {
            lines.append("  \(failure.message)")
        }
        let recordedAnyway = host.vms.filter { vm in vm.databases.contains { $0.backupSet != nil } }.map(\.vm)
        if !recordedAnyway.isEmpty {
            lines.append("  Note: the guest backup of \(recordedAnyway.joined(separator: ", ")) completed before the failure: "
                + "msdb there records it, and a FULL moved the differential base, although no usable host backup exists.")
        }
        return lines.joined(separator: "\n")
    }

    public static func summaryTable(_ host: HostBackupResult, end: WorldState) -> String {
        var table = TextTable(["VM", "method", "guest asked", "VM result", "SQL Server", "database", "AG role",
                               "writer did", "backed up", "is_copy_only"])
        for vm in host.vms {
            let version = end.instance(on: vm.vm).map { "\($0.version.rawValue)\($0.collation.isCaseSensitive ? " (CS)" : "")" }
                ?? "-"
            let base = [vm.vm, vm.method.rawValue, vm.guestBackupType?.name ?? "-", vm.status.rawValue, version]
            if vm.databases.isEmpty {
                table.add(base + ["-", "-", "-", "-", "-"])
            }
            for database in vm.databases {
                let role = database.role.map { "\($0.rawValue) of \(database.availabilityGroup ?? "")" } ?? "standalone"
                let copyOnly = database.backupSet?.isCopyOnly.map { $0 ? "1" : "0" } ?? "-"
                table.add(base + [database.database, role, database.decision.rawValue,
                                  database.inBackup ? "yes" : "no", copyOnly])
            }
        }
        return table.render()
    }

    /// vssadmin's view of each machine, printed in full for writers that are not stable
    /// and for the SQL writer; the stable rest in one line.
    static func writerBlocks(_ host: HostBackupResult, end: WorldState) -> String {
        // A KVM host runs no VSS: only its Windows guests have writers to show.
        var sections = host.hypervisor == .kvm ? [] : ["vssadmin list writers, host \(host.host):"] + condensed(host.hostWriters)
        for vm in host.vms where !vm.writers.isEmpty && (vm.method == .childVMSnapshot || vm.method == .guestAgentFreeze) {
            if !sections.isEmpty { sections.append("") }
            sections.append("vssadmin list writers, guest \(vm.vm):")
            sections += condensed(vm.writers)
            for missing in vm.missingWriters {
                sections.append("  ('\(missing.name)' failed Identify and is missing from the list)")
            }
        }
        return sections.joined(separator: "\n")
    }

    private static func condensed(_ statuses: [WriterStatus]) -> [String] {
        let shown = statuses.filter {
            $0.state != .stable || $0.name == WriterIdentity.sqlServer.name || $0.name == WriterIdentity.hyperV.name
        }
        var lines = shown.isEmpty ? [] : [VssadminFormat.writers(shown, indent: "  ")]
        let quiet = statuses.filter { status in !shown.contains { $0.name == status.name } }
        if !quiet.isEmpty {
            lines.append("  (\(quiet.map(\.name).joined(separator: ", ")): [1] Stable, No error)")
        }
        return lines
    }

    public static func writerBlock(_ statuses: [WriterStatus]) -> String {
        VssadminFormat.writers(statuses, indent: "  ")
    }

    static func expectations(_ results: [ExpectationResult]) -> String {
        let missed = results.filter { !$0.ok }.count
        var lines = ["Expectations: \(results.count - missed) held, \(missed) missed"]
        for result in results {
            if result.ok {
                lines.append("  ok    \(result.path) = \(result.expected)")
            } else {
                lines.append("  MISS  \(result.path): expected \(result.expected), got \(result.actual ?? "nothing")")
            }
        }
        return lines.joined(separator: "\n")
    }
}
