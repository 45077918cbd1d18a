import SnapWriter

/// `timeline.html` of a fleet's run: the calendar first (a row per host, a column per day,
/// each cell green or red with its verdict and a link to that night), the failures and
/// their causes, then each host backup's own timeline in a `<details>` the link opens.
/// A week of a large fleet would make the page enormous, so at most `maximumDrawn` nights
/// are drawn (every failed one first, then each host's first good one), and the page says
/// which were not.
enum FleetTimelinePage {
    static let maximumDrawn = 24

    static func html(_ result: RunResult) -> String {
        let scenario = result.scenario
        let nights = FleetNight.all(result)
        let drawn = drawnAnchors(nights)
        let failed = nights.filter { !$0.backup.succeeded }
        var header = "<h1>\(Markup.escape(scenario.name))</h1>" + RunTimelinePage.facts(result)
        header += failed.isEmpty
            ? "<p class=\"verdict succeeded\">Every host backup of the \(nights.count) succeeded.</p>"
            : "<p class=\"verdict failed\">\(failed.count) of \(nights.count) host backups failed.</p>"
        var body = "<h2>Nightly host backups</h2>" + calendar(nights, hosts: scenario.hosts,
                                                               days: scenario.schedule?.days ?? 0)
        if !failed.isEmpty {
            body += "<h2>Failed host backups and why</h2><ul class=\"failures\">"
            for night in failed {
                body += "<li><a href=\"#\(night.anchor)\">\(Markup.escape(night.backup.host)) \(night.when)"
                    + "\(night.job.map { " (\(Markup.escape($0)))" } ?? "")</a>: " + cause(night.backup) + "</li>"
            }
            body += "</ul>"
        }
        body += "<h2>Each host backup's timeline</h2>"
        if drawn.count < nights.count {
            body += "<p class=\"note\">This page draws \(drawn.count) of the \(nights.count) host backups' timelines "
                + "(at most \(maximumDrawn): every failed one first, then each host's first that succeeded); the "
                + "others are listed without a drawing. Every event is in events.jsonl.</p>"
        }
        body += TimelinePage.legend
        let topology = TimelineTopology(scenario: scenario)
        var openedOne = false
        for night in nights {
            let failedNight = !night.backup.succeeded
            let open = failedNight && !openedOne && drawn.contains(night.anchor)
            if open { openedOne = true }
            body += "<details class=\"night\(failedNight ? " failed" : "")\" id=\"\(night.anchor)\"\(open ? " open" : "")>"
                + "<summary>\(Markup.escape(night.backup.host)) · \(night.when)"
                + "\(night.job.map { " · \(Markup.escape($0))" } ?? "") · "
                + (failedNight ? "failed <span class=\"hresult\">\(Markup.escape(night.backup.hresult?.hex ?? ""))</span>"
                    : "succeeded") + "</summary>"
            if let window = night.window, drawn.contains(night.anchor) {
                let builder = TimelineBuilder(topology: topology.only([night.backup.host]))
                body += TimelinePage.figure(builder.build(result.events[window]), id: night.anchor)
            } else if night.window == nil {
                body += "<p class=\"quiet\">The trace holds no window for this host backup.</p>"
            } else {
                body += "<p class=\"quiet\">Not drawn: this page draws at most \(maximumDrawn) host backups.</p>"
            }
            body += "</details>"
        }
        return TimelinePage.document(title: "\(scenario.name): fleet timeline", header: header, body: body)
    }

    /// Which nights get a drawing: failed ones in order, then each host's first success,
    /// then the rest in order, up to the limit.
    static func drawnAnchors(_ nights: [FleetNight]) -> Set<String> {
        var order = nights.filter { !$0.backup.succeeded }.map(\.anchor)
        var hostsSeen = Set<String>()
        for night in nights where night.backup.succeeded && hostsSeen.insert(night.backup.host).inserted {
            order.append(night.anchor)
        }
        order += nights.map(\.anchor)
        var drawn = Set<String>()
        for anchor in order where drawn.count < maximumDrawn { drawn.insert(anchor) }
        return drawn
    }

    /// Hosts by days: each cell links to its night(s), red when one failed.
    static func calendar(_ nights: [FleetNight], hosts: [HostSpec], days: Int) -> String {
        let before = nights.contains { $0.day == nil }
        let named = Hypervisor.isNamed(among: hosts)
        let columns: [Int?] = (before ? [nil] : []) + (1...max(days, 1)).map { Optional($0) }
        var out = "<table class=\"calendar\"><thead><tr><th>host</th>" + (named ? "<th>hypervisor</th>" : "")
        for column in columns { out += "<th>\(column.map { "day \($0)" } ?? "steps")</th>" }
        out += "</tr></thead><tbody>"
        for host in hosts {
            out += "<tr><th>\(Markup.escape(host.name))</th>"
                + (named ? "<td class=\"hypervisor\">\(host.hypervisor.label)</td>" : "")
            for column in columns {
                let own = nights.filter { $0.backup.host == host.name && $0.day == column }
                if own.isEmpty {
                    out += "<td class=\"none\">-</td>"
                    continue
                }
                let failed = own.contains { !$0.backup.succeeded }
                out += "<td class=\"\(failed ? "failed" : "ok")\">"
                for night in own {
                    let text = night.backup.succeeded ? "ok" : "FAILED " + (night.backup.hresult?.hex ?? "")
                    out += "<a href=\"#\(night.anchor)\" title=\"\(Markup.escape(night.job ?? "step"))\">"
                        + "\(Markup.escape(text))</a>"
                }
                out += "</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }

    private static func cause(_ backup: HostBackupResult) -> String {
        let code = backup.hresult.map { "<span class=\"hresult\">\(Markup.escape($0.hex))</span> " } ?? ""
        let place = backup.failure.map { " at \(Markup.escape($0.vm ?? $0.writer)), \(Markup.escape($0.event.traceName))" } ?? ""
        return code + place + ": " + Markup.escape(backup.failure?.explanation ?? "failed")
    }
}
