import HostBackup
import SnapWriter

/// What requests read from the world, taken on the actor and handed out as values.
extension WorldActor {
    func hosts() -> JSONValue { .array([ServeDocuments.host(world)]) }

    func host() -> JSONValue { ServeDocuments.host(world) }

    func vms() -> JSONValue { .array(world.host.vms.map { ServeDocuments.vm($0, world: world) }) }

    func vm(_ name: String) -> JSONValue? { world.vm(named: name).map { ServeDocuments.vm($0, world: world) } }

    /// A VM's writers (nil: the host's) as run/1's writer objects, or as vssadmin prints them.
    func writers(of vm: String?, vssadmin: Bool) -> APIResponse {
        let statuses = vm.flatMap { world.vm(named: $0)?.vss.writerStatus } ?? world.host.vss.writerStatus
        if vssadmin { return .text(ServeDocuments.vssadmin(statuses)) }
        return .json(.object([("writers", .array(statuses.map(\.json)))]))
    }

    /// nil when the VM has no SQL Server.
    func backupSets(of vm: String) -> JSONValue? {
        world.vm(named: vm)?.guest.sqlInstance.map { .object([("backupset", .array($0.msdb.backupSets.map(\.json)))]) }
    }

    func errorLog(of vm: String) -> JSONValue? {
        world.vm(named: vm)?.guest.sqlInstance.map { .object([("lines", .array($0.errorLog.map(JSONValue.string)))]) }
    }

    func history() -> JSONValue {
        .array(world.instances.values.flatMap(\.msdb.backupSets).sorted { $0.backupSetId < $1.backupSetId }.map(\.json))
    }

    /// The events after `since`, and the number to ask from next.
    func events(since: Int) -> (events: [JSONValue], next: Int) {
        let events = world.log.events.filter { $0.seq > since }
        return (events.map(RunReport.eventJSON), events.last?.seq ?? since)
    }

    func faultList() -> JSONValue { .object([("faults", faults.json)]) }

    /// Prometheus text: host backups by host and result, writer failures by machine, writer
    /// and HRESULT, each counted over the host backups that ran; freeze windows and write
    /// holds from the trace.
    func metrics() -> String {
        var backups: [String: Int] = [:]
        var failures: [String: Int] = [:]
        for step in live.steps {
            guard let backup = step.hostBackup else { continue }
            backups[labels(["host": world.host.name, "result": backup.succeeded ? "succeeded" : "failed"]), default: 0] += 1
            let writers = backup.vms.flatMap { vm in vm.writers.map { (vm.vm, $0) } }
                + backup.hostWriters.map { (world.host.name, $0) }
            for (machine, writer) in writers where writer.lastError != .ok {
                failures[labels(["machine": machine, "writer": writer.name, "hresult": writer.lastError.hex]),
                         default: 0] += 1
            }
        }
        var lines = [
            "# HELP snapwriter_host_backups_total Hyper-V host-level backups, by host and result.",
            "# TYPE snapwriter_host_backups_total counter",
        ]
        lines += backups.sorted { $0.key < $1.key }.map { "snapwriter_host_backups_total{\($0.key)} \($0.value)" }
        lines += [
            "# HELP snapwriter_writer_failures_total Writers that ended a host backup failed, by machine, writer and HRESULT.",
            "# TYPE snapwriter_writer_failures_total counter",
        ]
        lines += failures.sorted { $0.key < $1.key }.map { "snapwriter_writer_failures_total{\($0.key)} \($0.value)" }
        let durations = TraceDurations(world.log.events)
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
            "snapwriter_events_total \(world.log.events.count)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Label pairs in name order, values escaped as the text format asks.
    private func labels(_ pairs: [String: String]) -> String {
        pairs.sorted { $0.key < $1.key }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }.joined(separator: ",")
    }
}
