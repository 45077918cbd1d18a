import SnapWriter

/// What run/1 adds for a fleet (a scenario with `hosts` or `schedule`): `hosts`, every job
/// run (`jobs`) and one entry per host backup (`fleet.hostBackups`), each failure with its
/// cause in one sentence.
enum FleetReport {
    static func fields(_ result: RunResult) -> [(String, JSONValue)] {
        let scenario = result.scenario
        let hosts: [JSONValue] = scenario.hosts.map { host in
            .object([
                ("name", .string(host.name)),
            ] + RunReport.hypervisorField(host) + [
                ("backupType", .string(host.backupType.name)),
                ("vms", .array(scenario.vms(of: host).map { .string($0.name) })),
            ])
        }
        var fleet: [(String, JSONValue)] = [("days", .optional(scenario.schedule?.days))]
        fleet.append(("hostBackups", .array(nights(result).map(nightJSON))))
        return [("hosts", .array(hosts)), ("jobs", .array(result.jobs.map(jobJSON))), ("fleet", .object(fleet))]
    }

    static func jobJSON(_ run: JobRun) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("name", .string(run.name)),
            ("day", .int(run.day)),
            ("time", .string(run.time)),
            ("tMs", .double(run.tMs)),
            ("kind", .string(run.step.kind)),
        ]
        if run.step.kind == "hostBackup" { pairs.append(("host", .optional(run.host))) }
        pairs += [
            ("vm", .optional(run.step.vm)),
            ("ok", .bool(run.step.ok)),
            ("skipped", .bool(run.step.skipped)),
            ("msg", .optional(run.step.msg)),
            ("text", .optional(run.step.text)),
            ("backup", run.step.backup?.json ?? .null),
        ]
        if let check = run.step.checkdb { pairs.append(("checkdb", check.json)) }
        if let backup = run.step.hostBackup {
            pairs.append(("result", .string(backup.succeeded ? "succeeded" : "failed")))
            pairs.append(("hresult", .optional(backup.hresult?.hex)))
            pairs.append(("failure", backup.failure.map(RunReport.failureJSON) ?? .null))
        }
        return .object(pairs)
    }

    /// One host backup of the run, with the job and day it belongs to (steps have neither).
    struct Night {
        let backup: HostBackupResult
        let day: Int?
        let job: String?
    }

    static func nights(_ result: RunResult) -> [Night] {
        result.steps.flatMap { $0.hostBackups.map { Night(backup: $0, day: nil, job: nil) } }
            + result.jobs.flatMap { run in run.step.hostBackups.map { Night(backup: $0, day: run.day, job: run.name) } }
    }

    static func nightJSON(_ night: Night) -> JSONValue {
        .object([
            ("host", .string(night.backup.host)),
            ("day", .optional(night.day)),
            ("job", .optional(night.job)),
            ("result", .string(night.backup.succeeded ? "succeeded" : "failed")),
            ("hresult", .optional(night.backup.hresult?.hex)),
            ("cause", .optional(night.backup.failure?.explanation)),
        ])
    }
}
