import SnapWriter

/// A fleet's run as an infrastructure team reads it: a calendar of the nightly host backups
/// (a row per host, a column per day), every failure under it with its cause, and what each
/// job did. The week's full trace is in `--format json` and `events.jsonl`.
enum FleetTextReport {
    static func render(_ result: RunResult) -> String {
        let scenario = result.scenario
        let days = scenario.schedule?.days ?? 0
        let runs = result.jobs.count
        var out: [String] = []
        out.append("SnapWriter run: \(scenario.name)  (seed \(scenario.seed), \(scenario.clock.rawValue) clock, "
            + "\(result.end.volumes.rawValue) volumes)")
        out.append("Fleet: \(scenario.hosts.count) host(s), \(scenario.vms.count) VM(s), \(days) day(s), "
            + "\(scenario.schedule?.jobs.count ?? 0) job(s) run \(runs) time(s); \(result.events.count) trace events "
            + "(in --format json and events.jsonl)")
        let nights = FleetReport.nights(result)
        out.append("")
        out.append(calendar(nights, hosts: scenario.hosts, days: days))
        let failed = nights.filter { !$0.backup.succeeded }
        out.append("")
        if failed.isEmpty {
            out.append("Every host backup succeeded.")
        } else {
            out.append("Failed host backups and why:")
            for night in failed {
                let when = night.day.map { "day \($0)" } ?? "before day 1"
                let job = night.job.map { " (\($0))" } ?? ""
                let code = night.backup.hresult.map { " \($0.hex)" } ?? ""
                let place = night.backup.failure.map { failure in
                    " at \(failure.vm ?? failure.writer), \(failure.event.traceName)"
                } ?? ""
                out.append("  \(night.backup.host) \(when)\(job):\(code)\(place): "
                    + (night.backup.failure?.explanation ?? "failed"))
            }
        }
        out.append("")
        out.append(jobTable(result))
        if !result.steps.isEmpty {
            out.append("")
            out.append(EngineTextReport.steps(result))
        }
        if !result.expectations.isEmpty {
            out.append("")
            out.append(RunTextReport.expectations(result.expectations))
        }
        return out.joined(separator: "\n")
    }

    /// One row per host, one column per day: `ok`, `FAILED`, `-` for no host backup that
    /// day, or counts when a host was backed up more than once that day; each host's
    /// hypervisor when `Hypervisor.isNamed(among:)`.
    static func calendar(_ nights: [FleetReport.Night], hosts: [HostSpec], days: Int) -> String {
        let before = nights.contains { $0.day == nil }
        let named = Hypervisor.isNamed(among: hosts)
        var table = TextTable(["host"] + (named ? ["hypervisor"] : []) + (before ? ["steps"] : [])
            + (1...max(days, 1)).map { "day \($0)" })
        for host in hosts {
            let own = nights.filter { $0.backup.host == host.name }
            var row = [host.name] + (named ? [host.hypervisor.label] : [])
            if before { row.append(cell(own.filter { $0.day == nil })) }
            for day in 1...max(days, 1) { row.append(cell(own.filter { $0.day == day })) }
            table.add(row)
        }
        return "Nightly host backups:\n" + table.render(indent: "  ")
    }

    private static func cell(_ nights: [FleetReport.Night]) -> String {
        let failed = nights.filter { !$0.backup.succeeded }.count
        switch (nights.count, failed) {
        case (0, _): return "-"
        case (1, 0): return "ok"
        case (1, _): return "FAILED"
        case (let count, 0): return "\(count) ok"
        case (let count, let failed): return "\(failed)/\(count) FAILED"
        }
    }

    /// Each job: how often it ran, and how often it succeeded, was skipped or failed.
    private static func jobTable(_ result: RunResult) -> String {
        var table = TextTable(["job", "kind", "runs", "ok", "skipped", "failed"])
        for job in result.scenario.schedule?.jobs ?? [] {
            let runs = result.jobs.filter { $0.name == job.name }
            let skipped = runs.filter { $0.step.skipped }.count
            let failed = runs.filter { !$0.step.ok }.count
            table.add([job.name, job.step.keyword, String(runs.count), String(runs.count - skipped - failed),
                       String(skipped), String(failed)])
        }
        return "Jobs:\n" + table.render(indent: "  ")
    }
}
