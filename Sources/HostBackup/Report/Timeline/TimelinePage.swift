/// The HTML around every timeline: one self-contained document (inline CSS, inline
/// JavaScript, inline SVG; nothing fetched, not even a favicon), its header, the legend,
/// and a timeline in its scrolling frame with the notes of what it left out.
enum TimelinePage {
    static func document(title: String, header: String, body: String, script: String = TimelineScript.opener) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        out += "<meta name=\"generator\" content=\"snapwriter\">"
        out += "<link rel=\"icon\" href=\"data:,\">"
        out += "<title>\(Markup.escape(title))</title>"
        out += "<script>\(TimelineScript.catcher)</script>"
        out += "<style>\(TimelineStyleSheet.css)</style></head>\n<body>"
        out += "<header class=\"page\">\(header)</header>\n<main>\(body)</main>\n"
        out += "<footer>Drawn by snapwriter from the run's trace (events.jsonl); times are the simulation clock's. "
            + "Hover a bar or a mark for its event.</footer>"
        out += "<script>\(script)</script></body></html>\n"
        return out
    }

    /// The colours, once per page.
    static var legend: String {
        var out = "<div class=\"legend\" aria-label=\"legend\">"
        for (style, name) in TimelineStyle.phases {
            out += "<span><i class=\"swatch\" style=\"--c:var(--\(style.rawValue))\"></i>\(name)</span>"
        }
        out += "<span><i class=\"swatch outline\"></i>freeze window</span>"
        out += "<span><i class=\"swatch\" style=\"--c:var(--frozen)\"></i>writer or database frozen</span>"
        out += "<span><i class=\"swatch\" style=\"--c:var(--succeeded)\"></i>backup succeeded</span>"
        out += "<span><i class=\"swatch\" style=\"--c:var(--failed)\"></i>failed (with its HRESULT)</span>"
        out += "<span><i class=\"swatch\" style=\"--c:var(--native-backup)\"></i>native backup</span>"
        out += "<span><i class=\"swatch\" style=\"--c:var(--errorlog)\"></i>SQL Server error log</span>"
        out += "<span><i class=\"swatch\" style=\"--c:var(--warning)\"></i>warning</span>"
        out += "<span><i class=\"swatch\" style=\"--c:#6f42c1;height:2px\"></i>AG backup handshake message</span>"
        out += "</div>"
        return out
    }

    /// A timeline with its notes, in a frame that scrolls sideways.
    static func figure(_ model: TimelineModel, id: String) -> String {
        var out = ""
        for note in model.notes { out += "<p class=\"note\">\(Markup.escape(note))</p>" }
        out += "<div class=\"scroll\">\(TimelineSVG(model: model, id: id).render())</div>"
        return out
    }

    /// `failed 0x800423F4 at VM3, PrepareForSnapshot: cause` or `succeeded`, as the header says it.
    static func verdict(_ backup: HostBackupResult?) -> String {
        guard let backup else { return "<p class=\"verdict\">No host backup ran.</p>" }
        let host = Markup.escape(backup.host)
        guard let code = backup.hresult else {
            return "<p class=\"verdict succeeded\">Host backup of \(host) succeeded.</p>"
        }
        var out = "<p class=\"verdict failed\">Host backup of \(host) failed with "
            + "<span class=\"hresult\">\(Markup.escape(code.hex))</span> (\(Markup.escape(code.name)))"
        if let failure = backup.failure {
            out += " at \(Markup.escape(failure.vm ?? failure.writer)), \(Markup.escape(failure.event.traceName)): "
                + Markup.escape(failure.explanation)
        }
        return out + "</p>"
    }
}
