import SnapWriter

/// `/metrics` in Prometheus' text format: host backups by host and result, writer failures
/// by machine, writer and HRESULT (each counted over the host backups that ran), freeze
/// windows and write holds from the trace.
enum MetricsText {
    struct BackupKey: Hashable, Sendable {
        let host: String
        let succeeded: Bool
    }

    struct FailureKey: Hashable, Sendable {
        let machine: String
        let writer: String
        let hresult: String
    }

    static func text(_ view: WorldView, events: [TraceEvent]) -> String {
        var lines = [
            "# HELP snapwriter_host_backups_total Hyper-V host-level backups, by host and result.",
            "# TYPE snapwriter_host_backups_total counter",
        ]
        lines += view.backupCounts.map { key, count in
            (labels(["host": key.host, "result": key.succeeded ? "succeeded" : "failed"]), count)
        }.sorted { $0.0 < $1.0 }.map { "snapwriter_host_backups_total{\($0.0)} \($0.1)" }
        lines += [
            "# HELP snapwriter_writer_failures_total Writers that ended a host backup failed, by machine, writer and HRESULT.",
            "# TYPE snapwriter_writer_failures_total counter",
        ]
        lines += view.failureCounts.map { key, count in
            (labels(["machine": key.machine, "writer": key.writer, "hresult": key.hresult]), count)
        }.sorted { $0.0 < $1.0 }.map { "snapwriter_writer_failures_total{\($0.0)} \($0.1)" }
        let durations = TraceDurations(events)
        lines += [
            "# HELP snapwriter_freeze_window_seconds Each writer's Freeze to its Thaw, by machine and writer.",
            "# TYPE snapwriter_freeze_window_seconds summary",
        ]
        for (pair, total) in durations.freezeWindows.sorted(by: { $0.key < $1.key }) {
            let names = labels(["machine": pair.machine, "writer": pair.writer])
            lines.append("snapwriter_freeze_window_seconds_sum{\(names)} \(total.seconds)")
            lines.append("snapwriter_freeze_window_seconds_count{\(names)} \(total.count)")
        }
        lines += [
            "# HELP snapwriter_writes_held_seconds Writes held while a snapshot was taken (HoldWrites to ReleaseWrites), by machine.",
            "# TYPE snapwriter_writes_held_seconds summary",
        ]
        for (machine, total) in durations.holds.sorted(by: { $0.key < $1.key }) {
            let names = labels(["machine": machine])
            lines.append("snapwriter_writes_held_seconds_sum{\(names)} \(total.seconds)")
            lines.append("snapwriter_writes_held_seconds_count{\(names)} \(total.count)")
        }
        lines += [
            "# HELP snapwriter_events_total Events recorded in the trace.",
            "# TYPE snapwriter_events_total counter",
            "snapwriter_events_total \(events.count)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Label pairs in name order, values escaped as the text format asks.
    private static func labels(_ pairs: [String: String]) -> String {
        pairs.sorted { $0.key < $1.key }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }.joined(separator: ",")
    }
}
