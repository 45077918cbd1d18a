import SnapWriter

/// One host backup of a fleet's run, as the calendar and its timeline show it: the day and
/// job it belongs to (none when a step ran it), its page anchor, and the slice of the trace
/// from its `HostBackupStarted` to its `HostBackupSucceeded` or `HostBackupFailed`.
struct FleetNight {
    var backup: HostBackupResult
    var day: Int?
    var job: String?
    var anchor: String
    var window: Range<Int>?

    var when: String { day.map { "day \($0)" } ?? "before day 1" }

    /// Every host backup of the run in order, each with its trace window: a host's k-th
    /// window is its k-th backup, since one host's backups never overlap.
    static func all(_ result: RunResult) -> [FleetNight] {
        var nights = result.steps.flatMap { $0.hostBackups.map { (backup: $0, day: Int?.none, job: String?.none) } }
        nights += result.jobs.flatMap { run in run.step.hostBackups.map { (backup: $0, day: Int?.some(run.day), job: String?.some(run.name)) } }
        let windows = windows(result.events)
        var taken: [String: Int] = [:]
        var anchors: [String: Int] = [:]
        return nights.map { night in
            let host = night.backup.host
            let index = taken[host, default: 0]
            taken[host] = index + 1
            let own = windows[host] ?? []
            var anchor = "night-\(Markup.identifier(host))-" + (night.day.map { "day\($0)" } ?? "steps")
            let repeats = anchors[anchor, default: 0]
            anchors[anchor] = repeats + 1
            if repeats > 0 { anchor += "-\(repeats + 1)" }
            return FleetNight(backup: night.backup, day: night.day, job: night.job, anchor: anchor,
                              window: index < own.count ? own[index] : nil)
        }
    }

    /// Per host, the index ranges of its host backups in the trace.
    static func windows(_ events: [TraceEvent]) -> [String: [Range<Int>]] {
        var open: [String: Int] = [:]
        var windows: [String: [Range<Int>]] = [:]
        for (index, event) in events.enumerated() where event.event.hasPrefix("HostBackup") {
            guard event.scope.hasSuffix("/requestor") else { continue }
            let host = String(event.scope.dropLast("/requestor".count))
            switch event.event {
            case "HostBackupStarted": open[host] = index
            case "HostBackupSucceeded", "HostBackupFailed":
                if let start = open.removeValue(forKey: host) { windows[host, default: []].append(start..<(index + 1)) }
            default: break
            }
        }
        return windows
    }
}
