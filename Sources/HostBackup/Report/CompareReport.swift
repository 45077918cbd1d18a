import SnapWriter

/// The comparison document (schema `snapwriter.compare/1`) and its text table.
public enum CompareReport {
    public static let schema = "snapwriter.compare/1"

    public static func json(scenario: String, rows: [VersionComparison.Row]) -> JSONValue {
        .object([
            ("schema", .string(schema)),
            ("scenario", .string(scenario)),
            ("rows", .array(rows.map(rowJSON))),
        ])
    }

    static func rowJSON(_ row: VersionComparison.Row) -> JSONValue {
        let host = row.result.lastHostBackup
        let failure: JSONValue = host?.failure.map {
            .object([("vm", .optional($0.vm)), ("writer", .string($0.writer)), ("event", .string($0.event.rawValue))])
        } ?? .null
        let databases: [JSONValue] = (host?.vms ?? []).flatMap { vm in
            vm.databases.map { database in
                JSONValue.object([
                    ("vm", .string(vm.vm)),
                    ("name", .string(database.database)),
                    ("backedUp", .bool(database.inBackup)),
                    // From the msdb row, as `run` reports it: a guest may have recorded one although
                    // the host backup failed.
                    ("isCopyOnly", .optional(database.backupSet?.isCopyOnly)),
                ])
            }
        }
        return .object([
            ("sqlVersion", .string(row.variant.version.rawValue)),
            ("collation", .optional(row.variant.collation?.name)),
            ("result", .optional(host.map { $0.succeeded ? "succeeded" : "failed" })),
            ("hresult", .optional(host?.hresult?.hex)),
            ("failure", failure),
            ("databases", .array(databases)),
        ])
    }

    /// One row per build: verdict, code, who failed where, and each database's outcome.
    public static func text(scenario: String, rows: [VersionComparison.Row]) -> String {
        var table = TextTable(["SQL Server", "host backup", "hresult", "failed at", "databases (backed up, is_copy_only)"])
        for row in rows {
            let host = row.result.lastHostBackup
            let failedAt = host?.failure.map { "\($0.vm ?? "host")/\($0.writer) \($0.event.traceName)" } ?? "-"
            let databases = (host?.vms ?? []).flatMap { vm in
                vm.databases.map { database -> String in
                    let outcome = database.inBackup
                        ? "copy-only=\(database.backupSet?.isCopyOnly == true ? 1 : 0)" : "not backed up"
                    return "\(vm.vm).\(database.database): \(outcome)"
                }
            }
            table.add([row.variant.label, host.map { $0.succeeded ? "succeeded" : "FAILED" } ?? "-",
                       host?.hresult?.hex ?? "-", failedAt, databases.joined(separator: "; ")])
        }
        return "Scenario \(scenario), once per SQL Server build:\n\n" + table.render()
    }
}
