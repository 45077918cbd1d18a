import SnapWriter

/// `timeline.html` of `run --out DIR`: the run's whole trace as one timeline, every VM a
/// lane, under a header with the run's verdict. A fleet's run gets `FleetTimelinePage`.
public enum RunTimelinePage {
    public static let fileName = "timeline.html"

    public static func html(_ result: RunResult) -> String {
        if result.scenario.isFleet { return FleetTimelinePage.html(result) }
        let scenario = result.scenario
        let model = TimelineBuilder(topology: TimelineTopology(scenario: scenario)).build(result.events[...])
        let header = "<h1>\(Markup.escape(scenario.name))</h1>" + facts(result)
            + TimelinePage.verdict(result.verdictHostBackup)
        let body = TimelinePage.legend + TimelinePage.figure(model, id: "run")
        return TimelinePage.document(title: "\(scenario.name): timeline", header: header, body: body)
    }

    /// Seed, clock, volumes and how much the trace holds.
    static func facts(_ result: RunResult) -> String {
        let scenario = result.scenario
        return "<p class=\"facts\">seed \(scenario.seed) · \(Markup.escape(scenario.clock.rawValue)) clock · "
            + "\(Markup.escape(result.end.volumes.rawValue)) volumes · \(scenario.hosts.count) host(s), "
            + "\(scenario.vms.count) VM(s) · \(result.events.count) trace events · "
            + "\(result.hostBackups.count) host backup(s)</p>"
    }
}
