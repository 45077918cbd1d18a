import SnapWriter

/// The page `snapwriter serve` answers `GET /` with: the same timeline as `run`'s, of the
/// served world's trace so far, and a script that follows the trace (the events endpoint)
/// and redraws from `GET /timeline` when events arrive. `at` draws the trace as it stood
/// after that many events, the script catching up from there.
public enum LiveTimelinePage {
    /// The most recent events drawn: a long-served world's trace would otherwise grow the page
    /// without end.
    public static let maximumEvents = 20_000

    public static func html(scenario: Scenario, events: [TraceEvent], at: Int? = nil) -> String {
        let shown = at.map { min(max($0, 0), events.count) } ?? events.count
        let header = "<h1>\(Markup.escape(scenario.name)) <small class=\"facts\">served live</small></h1>"
            + "<p class=\"facts\">seed \(scenario.seed) · \(Markup.escape(scenario.clock.rawValue)) clock · "
            + "\(scenario.hosts.count) host(s), \(scenario.vms.count) VM(s)</p>"
            + "<p id=\"live-status\" class=\"live-status\">\(shown) events drawn; following the trace…</p>"
        let body = TimelinePage.legend + "<div id=\"live\" data-next=\"\(shown)\">"
            + fragment(scenario: scenario, events: Array(events.prefix(shown))) + "</div>"
        return TimelinePage.document(title: "\(scenario.name): live timeline", header: header, body: body,
                                     script: TimelineScript.live)
    }

    /// What `GET /timeline` answers: the verdict of the last host backup and the timeline,
    /// to put in the page's `#live` element.
    public static func fragment(scenario: Scenario, events: [TraceEvent]) -> String {
        let first = max(events.count - maximumEvents, 0)
        var model = TimelineBuilder(topology: TimelineTopology(scenario: scenario)).build(events[first...])
        if first > 0 {
            model.notes.insert("Drawn: the last \(maximumEvents) of \(events.count) events; the earlier ones are in "
                + "GET /api/v1/events.", at: 0)
        }
        return verdict(events) + TimelinePage.figure(model, id: "live")
    }

    /// The last host backup's end, read from the trace.
    private static func verdict(_ events: [TraceEvent]) -> String {
        guard let last = events.last(where: { $0.scope.hasSuffix("/requestor") && $0.event.hasPrefix("HostBackup") })
        else { return "<p class=\"verdict\">No host backup has run yet.</p>" }
        let host = Markup.escape(String(last.scope.dropLast("/requestor".count)))
        switch last.event {
        case "HostBackupStarted":
            return "<p class=\"verdict\">Host backup of \(host) running since \(TimelineClock.moment(last.tMs)).</p>"
        case "HostBackupSucceeded":
            return "<p class=\"verdict succeeded\">Last host backup of \(host) succeeded.</p>"
        default:
            let code = TraceText.hresult(in: last.detail).map { " with <span class=\"hresult\">\($0)</span>" } ?? ""
            return "<p class=\"verdict failed\">Last host backup of \(host) failed\(code): \(Markup.escape(last.detail))</p>"
        }
    }
}
