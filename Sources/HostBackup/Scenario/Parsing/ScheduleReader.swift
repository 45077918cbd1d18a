import SnapWriter

/// Reads `schedule:`: `days` and `jobs`, each job an optional `name`, exactly one step kind
/// (written as in `steps`) and exactly one timing key: `daily: "HH:MM"`, `every: 15m` (units
/// s, m, h, d) or `at: "day 3 02:00"`.
enum ScheduleReader {
    static let timingKeys = ["daily", "every", "at"]
    static let maximumDays = 366

    static func read(_ node: LocatedNode, topology: Topology) throws(ScenarioError) -> Schedule {
        let fields = try node.mapping(allowed: ["days", "jobs"])
        let days = try fields.required("days").integer(in: 1...maximumDays)
        var jobs: [ScheduledJob] = []
        if let list = fields["jobs"] {
            for item in try list.list() {
                let job = try readJob(item, days: days, topology: topology)
                // Expectations find a job by its name; unnamed jobs may share the name of
                // what they do, their runs told apart by time.
                if item.isNamed, jobs.contains(where: { $0.name == job.name }) {
                    throw item.error("duplicate job name '\(job.name)'; job names must be unique")
                }
                jobs.append(job)
            }
        }
        return Schedule(days: days, jobs: jobs)
    }

    private static func readJob(_ item: LocatedNode, days: Int, topology: Topology) throws(ScenarioError) -> ScheduledJob {
        let allowed = ["name"] + StepReader.kinds + timingKeys
        let fields = try item.mapping(allowed: allowed)
        let stepEntries = fields.entries.filter { StepReader.kinds.contains($0.key) }
        guard let stepEntry = stepEntries.first else {
            throw item.error("a job needs exactly one step kind; allowed: \(LocatedNode.listing(StepReader.kinds))")
        }
        if stepEntries.count > 1 {
            throw fields.keyError(stepEntries[1], "a job has one step kind, found '\(stepEntry.key)' and "
                + "'\(stepEntries[1].key)'; write each as its own job")
        }
        let timingEntries = fields.entries.filter { timingKeys.contains($0.key) }
        guard let timingEntry = timingEntries.first else {
            throw item.error("a job needs exactly one timing key; allowed: \(LocatedNode.listing(timingKeys))")
        }
        if timingEntries.count > 1 {
            throw fields.keyError(timingEntries[1], "a job has one timing key, found '\(timingEntry.key)' and "
                + "'\(timingEntries[1].key)'")
        }
        let timing = try readTiming(timingEntry.key, timingEntry.value, days: days)
        let step: Step
        var backupVMs: [String] = []
        if stepEntry.key == "backup" {
            let (backup, vms) = try StepReader.backupJob(stepEntry.value, topology)
            step = Step(kind: .backup(backup), location: item.location)
            backupVMs = vms
        } else {
            step = Step(kind: try StepReader.kind(stepEntry.key, stepEntry.value, topology: topology), location: item.location)
        }
        let name = try fields["name"].map { node throws(ScenarioError) in try jobName(node) }
            ?? defaultName(step, everyReplica: stepEntry.key == "backup" && backupVMs.count > 1)
        return ScheduledJob(name: name, step: step, timing: timing, backupVMs: backupVMs)
    }

    /// A job's name is only ever shown and matched, never a path: any printable text.
    private static func jobName(_ node: LocatedNode) throws(ScenarioError) -> String {
        let text = try node.text()
        guard !text.isEmpty, text.count <= 128, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw node.error("a job name is 1 to 128 printable characters, found \(NameKind.quoted(text))")
        }
        return text
    }

    /// An unnamed job is called by what it does: `hostBackup HV01`, `backup log of Sales`.
    private static func defaultName(_ step: Step, everyReplica: Bool) -> String {
        if case .backup(let backup) = step.kind {
            return "backup \(backup.type.rawValue) of \(backup.database)" + (everyReplica ? "" : " on \(backup.vm)")
        }
        return step.keyword + (step.target.map { " \($0)" } ?? "")
    }

    private static func readTiming(_ key: String, _ node: LocatedNode, days: Int) throws(ScenarioError) -> JobTiming {
        let text = try node.text()
        switch key {
        case "daily":
            guard let second = secondOfDay(text) else {
                throw node.error("expected a time of day HH:MM (00:00 to 23:59), found '\(text)'")
            }
            return .daily(secondOfDay: second)
        case "every":
            guard let seconds = interval(text) else {
                throw node.error("expected an interval: a whole number and a unit, s, m, h or d (15m, 1h), found '\(text)'")
            }
            return .every(seconds: seconds)
        default:
            let parts = text.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 3, parts[0] == "day", let day = Int(parts[1]), let second = secondOfDay(String(parts[2]))
            else {
                throw node.error("expected 'day N HH:MM' (day 3 02:00), found '\(text)'")
            }
            guard (1...days).contains(day) else {
                throw node.error("day \(day) is outside the schedule's days 1 to \(days)")
            }
            return .at(day: day, secondOfDay: second)
        }
    }

    /// `HH:MM` as seconds since midnight.
    static func secondOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...23).contains(hours), (0...59).contains(minutes)
        else { return nil }
        return hours * 3600 + minutes * 60
    }

    /// `15m` as seconds: a positive whole number and one unit.
    static func interval(_ text: String) -> Int? {
        guard let unit = text.last, let count = Int(text.dropLast()), count > 0,
              String(text.dropLast()).allSatisfy(\.isASCII)
        else { return nil }
        let scale: Int
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86_400
        default: return nil
        }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: scale)
        return overflow ? nil : seconds
    }
}

private extension LocatedNode {
    /// Whether a job item writes its own `name`.
    var isNamed: Bool {
        guard case .mapping(let mapping) = node else { return false }
        return mapping.keys.contains { if case .scalar(let key) = $0 { key.string == "name" } else { false } }
    }
}
