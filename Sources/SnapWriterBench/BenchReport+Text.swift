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
        if let serveProblem { lines.append("serve: not measured: \(serveProblem)") }
        lines.append("")
        let fileSystemFigures = figures.filter { !$0.roles.contains(.serve) }
        let serveFigures = figures.filter { $0.roles.contains(.serve) }
        if !fileSystemFigures.isEmpty { lines += Self.table(fileSystemFigures) }
        if !serveFigures.isEmpty {
            if !fileSystemFigures.isEmpty { lines.append("") }
            lines += Self.serveTable(serveFigures)
        }
        lines.append("")
        lines.append("targets")
        for check in targets {
            let verdict = check.met.map { $0 ? "met    " : "NOT MET" } ?? "n/a    "
            let actual = check.actual.map { value in
                check.target.contains("%") ? String(format: "%.0f%%", value * 100)
                    : check.target.contains("×") ? String(format: "%.2f×", value)
                    : check.target.contains("errors") ? String(format: "%.0f errors", value) : String(format: "%.3f ms", value)
            } ?? "not measured"
            lines.append("  \(verdict)  \(check.figure): \(check.target) (\(actual))")
        }
        lines.append("")
        lines.append("how")
        for figure in figures { lines.append("  \(figure.name): \(figure.notes.joined(separator: " "))") }
        return lines.joined(separator: "\n")
    }

    /// The serve figures: run against serve, and the reads' percentiles and errors.
    private static func serveTable(_ figures: [BenchFigure]) -> [String] {
        var rows = [["figure", "unit", "run", "serve", "runs", "serve/run", "p50", "p99", "errors"]]
        for figure in figures {
            let places = decimals(figure.unit)
            func cell(_ value: Double?) -> String { value.map { String(format: "%.\(places)f", $0) } ?? "" }
            let ratio = figure.roles.contains(.run) ? figure.ratio(of: .serve, to: .run).map { String(format: "%.2f×", $0) } ?? "-" : ""
            rows.append([figure.name, figure.unit, figure.roles.contains(.run) ? cell(figure.medians[.run]) : "",
                         cell(figure.medians[.serve]), "\(figure.runs)", ratio,
                         cell(figure.percentiles.first { $0.0 == "p50" }?.1), cell(figure.percentiles.first { $0.0 == "p99" }?.1),
                         figure.count("errors").map(String.init) ?? ""])
        }
        return aligned(rows)
    }

    private static func table(_ figures: [BenchFigure]) -> [String] {
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
        return aligned(rows)
    }

    /// Rows as columns: the first two left-aligned, the rest right-aligned.
    private static func aligned(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                column < 2 ? text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - text.count) + text
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }
}
