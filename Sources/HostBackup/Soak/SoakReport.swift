import SnapWriter

/// What a soak run found (schema `snapwriter.soak/1`).
public struct SoakReport: Sendable {
    public static let schema = "snapwriter.soak/1"

    public var runs = 0
    public var seed: UInt64 = 0
    public var volumes = ""
    public var violations: [SoakViolation] = []
    public var hostBackups = 0
    public var failedHostBackups = 0
    /// Runs whose `snapwriter run` process was killed with SIGKILL before the run resumed.
    public var killed = 0
    public var staleMountsCleaned = 0
    /// How often each kind of trouble happened across the runs, by trace event.
    public var events: [String: Int] = [:]
    /// Where the scenario files of the runs with violations are kept.
    public var directory: String?

    public var json: JSONValue {
        .object([
            ("schema", .string(Self.schema)),
            ("runs", .int(runs)),
            ("seed", .number(String(seed))),
            ("volumes", .string(volumes)),
            ("violations", .array(violations.map { violation in
                .object([
                    ("run", .int(violation.run)),
                    ("seed", .number(String(violation.seed))),
                    ("scenario", .string(violation.scenario)),
                    ("invariant", .string(violation.invariant)),
                    ("detail", .string(violation.detail)),
                    ("replay", .string(violation.replay)),
                ])
            })),
            ("hostBackups", .object([("total", .int(hostBackups)), ("failed", .int(failedHostBackups))])),
            ("killed", .int(killed)),
            ("staleMountsCleaned", .int(staleMountsCleaned)),
            ("events", .object(events.keys.sorted().map { ($0, .int(events[$0]!)) })),
            ("directory", .optional(directory)),
        ])
    }

    public var text: String {
        var lines = ["soak: \(runs) runs from seed \(seed) on \(volumes) volumes: \(violations.count) violation(s)",
                     "  host backups: \(hostBackups) (\(failedHostBackups) failed, as their faults made them)",
                     "  runs killed with SIGKILL and resumed: \(killed); stale mounts cleaned: \(staleMountsCleaned)"]
        if !events.isEmpty {
            lines.append("  faults and reactions seen: "
                + events.keys.sorted().map { "\($0) \(events[$0]!)" }.joined(separator: ", "))
        }
        for violation in violations {
            lines.append("VIOLATION run \(violation.run) (seed \(violation.seed)) \(violation.invariant): \(violation.detail)")
            lines.append("  replay: \(violation.replay)")
        }
        return lines.joined(separator: "\n")
    }
}
