import SnapWriter

/// The SQL Server side of a run for a person: what each step did, the native backups it
/// took, and where every availability group database stands.
enum EngineTextReport {
    static func steps(_ result: RunResult) -> String {
        var table = TextTable(["step", "kind", "vm", "outcome", "backup"])
        for step in result.steps {
            let outcome =
                if step.skipped { "skipped" } else if step.ok { "ok" } else { step.msg.map { "Msg \($0)" } ?? "failed" }
            let backup = step.backup.map {
                "backup_set_id \($0.backupSetId) \($0.type.rawValue)\($0.isCopyOnly == true ? " copy-only" : "") "
                    + "\($0.firstLsn.numeric) → \($0.lastLsn.numeric)"
            } ?? "-"
            table.add([String(step.index), step.kind, step.vm ?? "-", outcome, backup])
        }
        var lines = ["Steps:", table.render(indent: "  ")]
        for step in result.steps {
            // A failed step's messages; a clean CHECKDB's output, which says it is clean.
            let text = step.ok ? step.checkdb.map { $0.output.joined(separator: "\n") } : step.text
            guard let text else { continue }
            lines.append("")
            lines.append("  step \(step.index):")
            lines += text.split(separator: "\n").map { "    \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    /// nil when the run has no availability group database.
    static func replicas(_ end: WorldState) -> String? {
        var table = TextTable(["database", "replica", "role", "state", "send KB", "redo KB", "hardened", "redone",
                               "loss s", "recovery s", "preferred"])
        for instance in end.vms.compactMap(\.sql) {
            for database in instance.databases {
                guard let state = database.replica else { continue }
                table.add([database.name, instance.serverName, state.role.rawValue, state.synchronizationState.sqlName,
                           String(state.sendQueueKB), String(state.redoQueueKB), state.lastHardenedLsn.numeric,
                           state.lastRedoneLsn.numeric, seconds(state.estimatedDataLossSeconds),
                           seconds(state.estimatedRecoveryTimeSeconds),
                           database.isPreferredBackupReplica ? "yes" : "no"])
            }
        }
        guard !table.rows.isEmpty else { return nil }
        return "Availability group databases at the end of the run:\n" + table.render(indent: "  ")
    }

    private static func seconds(_ value: Double?) -> String {
        value.map { String(($0 * 1000).rounded() / 1000) } ?? "-"
    }
}
