extension RestorePlan {
    /// The plan as a person reads it: what it is for, one row per backup with the RESTORE
    /// statement it stands for, then where it ends or the error in SQL Server's words.
    public var textReport: [String] {
        var lines = [heading]
        if !sequence.isEmpty {
            let header = ["backup_set_id", "type", "copy-only", "first_lsn", "last_lsn", "statement"]
            let rows = zip(sequence, statements).map { backup, statement in
                [
                    String(backup.backupSetId), backup.type.name,
                    backup.isCopyOnly.map { $0 ? "yes" : "no" } ?? "-",
                    backup.firstLsn.numeric, backup.lastLsn.numeric, statement,
                ]
            }
            lines += Self.aligned([header] + rows).map { "  " + $0 }
        }
        lines += outcome
        return lines
    }

    private var heading: String {
        switch mode {
        case .plan:
            let goal = stopAt.map { "to LSN \($0.numeric)" } ?? "to the latest restorable point"
            return "Restore plan for database \(RestoreStatement.quotedName(database)) \(goal):"
        case .apply:
            return "Replaying the RESTORE sequence for database \(RestoreStatement.quotedName(database)):"
        }
    }

    private var outcome: [String] {
        guard let error else {
            var lines = ["Restored to LSN \(restoredTo?.numeric ?? "-")."]
            if let warning {
                lines.append("Later log backups do not join this chain; restoring the next one fails with:")
                lines += warning.lines
            }
            return lines
        }
        var lines: [String] = []
        switch mode {
        case .plan:
            lines.append(stopAt.map { "Not restorable to LSN \($0.numeric):" } ?? "Not restorable:")
        case .apply:
            if let failing = error.backupSetId { lines.append("RESTORE of backup_set_id \(failing) failed:") }
        }
        lines += error.lines
        if let restoredTo {
            lines.append("The backups above restore the database to LSN \(restoredTo.numeric) and leave it RESTORING.")
        }
        return lines
    }

    /// Pads every column but the last to its widest cell.
    private static func aligned(_ rows: [[String]]) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
    }
}
