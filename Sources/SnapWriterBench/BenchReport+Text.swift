import Foundation

extension BenchReport {
    /// The report for a terminal: the figures as a table, then the targets, then how each
    /// figure was measured.
    public func text() -> String {
        var lines = ["snapwriter bench (\(mode)), \(String(format: "%.0f", seconds)) s: \(machine)"]
        if let start = loadAverage.start, let end = loadAverage.end {
            lines.append(String(format: "load average %.2f at the start, %.2f at the end; reads: caches %@", start, end, readCaches))
        }
        if let passthroughProblem { lines.append("passthrough: not measured: \(passthroughProblem)") }
        lines.append("")
        var rows = [["figure", "unit", "volume", "passthrough", "native", "runs", "vol/pt", "vol/native"]]
        for figure in figures {
            let places = Self.decimals(figure.unit)
            func cell(_ role: TargetRole) -> String {
                guard figure.roles.contains(role) else { return "" }
                return figure.medians[role].map { String(format: "%.\(places)f", $0) } ?? "null"
            }
            func ratio(_ role: TargetRole) -> String {
                figure.roles.contains(role) ? figure.ratio(to: role).map { String(format: "%.0f%%", $0 * 100) } ?? "-" : ""
            }
            rows.append([figure.name, figure.unit, cell(.volume), cell(.passthrough), cell(.native), "\(figure.runs)",
                         ratio(.passthrough), ratio(.native)])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append(row.enumerated().map { column, text in
                column < 2 ? text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - text.count) + text
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        }
        lines.append("")
        lines.append("targets")
        for check in targets {
            let verdict = check.met.map { $0 ? "met    " : "NOT MET" } ?? "n/a    "
            let actual = check.actual.map { value in
                check.target.contains("%") ? String(format: "%.0f%%", value * 100)
                    : check.target.contains("×") ? String(format: "%.2f×", value) : String(format: "%.3f ms", value)
            } ?? "not measured"
            lines.append("  \(verdict)  \(check.figure): \(check.target) (\(actual))")
        }
        lines.append("")
        lines.append("how")
        for figure in figures { lines.append("  \(figure.name): \(figure.notes.joined(separator: " "))") }
        return lines.joined(separator: "\n")
    }
}
