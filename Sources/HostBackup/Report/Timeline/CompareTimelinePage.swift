import SnapWriter

/// `timeline.html` of `compare --out DIR`: one scenario's run under each SQL Server build,
/// their timelines side by side (a column each, wrapping on a narrow window), under the
/// table of verdicts.
public enum CompareTimelinePage {
    public static func html(scenario: String, rows: [VersionComparison.Row]) -> String {
        var header = "<h1>\(Markup.escape(scenario))</h1>"
        header += "<p class=\"facts\">one run per SQL Server build: \(rows.map { Markup.escape($0.variant.label) }.joined(separator: ", "))</p>"
        var body = "<table class=\"compare\"><thead><tr><th>SQL Server</th><th>host backup</th><th>hresult</th>"
            + "<th>failed at</th><th>cause</th></tr></thead><tbody>"
        for row in rows {
            let backup = row.result.lastHostBackup
            let verdict = backup.map { $0.succeeded ? "succeeded" : "failed" } ?? "-"
            body += "<tr><td><a href=\"#\(anchor(row))\">\(Markup.escape(row.variant.label))</a></td>"
                + "<td class=\"\(verdict == "failed" ? "failed-text" : "")\">\(verdict)</td>"
                + "<td class=\"hresult\">\(Markup.escape(backup?.hresult?.hex ?? "-"))</td>"
                + "<td>\(Markup.escape(backup?.failure.map { "\($0.vm ?? "host")/\($0.writer) \($0.event.traceName)" } ?? "-"))</td>"
                + "<td>\(Markup.escape(backup?.failure?.explanation ?? ""))</td></tr>"
        }
        body += "</tbody></table>" + TimelinePage.legend + "<div class=\"versions\">"
        for row in rows {
            let model = TimelineBuilder(topology: TimelineTopology(scenario: row.result.scenario))
                .build(row.result.events[...])
            body += "<section id=\"\(anchor(row))\" data-sql-version=\"\(Markup.escape(row.variant.label))\">"
                + "<h2>SQL Server \(Markup.escape(row.variant.label))</h2>"
                + TimelinePage.verdict(row.result.lastHostBackup)
                + TimelinePage.figure(model, id: anchor(row)) + "</section>"
        }
        body += "</div>"
        return TimelinePage.document(title: "\(scenario): builds compared", header: header, body: body)
    }

    private static func anchor(_ row: VersionComparison.Row) -> String {
        "version-" + Markup.identifier(row.variant.label)
    }
}
