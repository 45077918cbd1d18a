import SnapWriter

/// The run document (schema `snapwriter.run/1`), keys in the interface's order.
public enum RunReport {
    public static let schema = "snapwriter.run/1"

    public static func json(_ result: RunResult) -> JSONValue {
        let scenario = result.scenario
        let host = result.verdictHostBackup
        let firstHost = result.hostBackups.last { $0.host == scenario.host.name }
        let end = result.end
        let hostWriters = firstHost?.hostWriters ?? end.host.writers
        let hostJSON = JSONValue.object([
            ("name", .string(scenario.host.name)),
        ] + hypervisorField(scenario.host) + [
            ("backupType", .string(scenario.host.backupType.name)),
            ("writers", .array(hostWriters.map(\.json))),
            ("concurrentBackups", .array((firstHost?.concurrentAttempts ?? []).map(concurrentJSON))),
        ])
        let vms: [JSONValue] = end.vms.map { vm in
            vmJSON(vm, result: result.lastHostBackup(of: vm.name)?.vms.first { $0.vm == vm.name })
        }
        let failure: JSONValue = host?.failure.map { failureJSON($0) } ?? .null
        let outcome: JSONValue = .optional(host.map { $0.succeeded ? "succeeded" : "failed" })
        let fleet: [(String, JSONValue)] = scenario.isFleet ? FleetReport.fields(result) : []
        return .object([
            ("schema", .string(schema)),
            ("scenario", .string(scenario.name)),
            ("seed", .number(String(scenario.seed))),
            ("clock", .string(scenario.clock.rawValue)),
            ("volumes", .string(end.volumes.rawValue)),
            ("result", outcome),
            ("hresult", .optional(host?.hresult?.hex)),
            ("failure", failure),
            ("host", hostJSON),
            ("vms", .array(vms)),
            ("steps", .array(result.steps.map(stepJSON))),
        ] + fleet + [
            ("recoveryPoints", .array(end.recoveryPoints.map(RecoveryJSON.recoveryPoint))),
            ("events", .array(result.events.map(eventJSON))),
            ("expectations", .array(result.expectations.map(expectationJSON))),
        ])
    }

    /// A KVM host says so; a Hyper-V host's entry stays as it always was.
    static func hypervisorField(_ host: HostSpec) -> [(String, JSONValue)] {
        host.hypervisor == .kvm ? [("hypervisor", .string(host.hypervisor.rawValue))] : []
    }

    public static func concurrentJSON(_ attempt: ConcurrentBackupAttempt) -> JSONValue {
        .object([
            ("duringEvent", .string(attempt.duringEvent.rawValue)),
            ("call", .optional(attempt.call)),
            ("hresult", .optional(attempt.hresult?.hex)),
            ("error", .optional(attempt.hresult?.name)),
        ])
    }

    /// A host backup's failure, with its `cause` in one sentence (`Failure.explanation`).
    public static func failureJSON(_ failure: HostBackupResult.Failure) -> JSONValue {
        .object([
            ("vm", .optional(failure.vm)),
            ("writer", .string(failure.writer)),
            ("event", .string(failure.event.rawValue)),
            ("hresult", .string(failure.hresult.hex)),
            ("message", .string(failure.message)),
            ("cause", .string(failure.explanation)),
        ])
    }

    public static func vmJSON(_ vm: VMState, result: VMBackupResult?) -> JSONValue {
        let instance = vm.sql
        let writers = (result?.writers.isEmpty == false ? result!.writers : vm.writers).map(\.json)
        let databases: [JSONValue] = (instance?.databases ?? []).map { database in
            databaseJSON(database, hostBackup: result?.databases.first { $0.database == database.name })
        }
        return .object([
            ("name", .string(vm.name)),
            ("method", .string((result?.method ?? vm.backupMethod).rawValue)),
            ("backupType", .optional(result?.guestBackupType?.name)),
            ("result", .string((result?.status ?? .notAttempted).rawValue)),
            ("sqlVersion", .optional(instance?.version.rawValue)),
            ("collation", .optional(instance?.collation.name)),
            ("writers", .array(writers)),
            ("missingWriters", .array((result?.missingWriters ?? []).map(\.json))),
            ("databases", .array(databases)),
            ("errorLog", .array((result?.errorLog ?? []).map(JSONValue.string))),
            ("image", result?.image?.json ?? .null),
        ] + (result?.imageFailure.map { [("imageFailure", imageFailureJSON($0))] } ?? [])
            + (result?.method.quiescesThroughAgent == true ? [("guestAgent", GuestAgentJSON.report(result?.guestAgent))] : []))
    }

    /// Why a VM's image could not be stored: the error as the system named it and as an HRESULT.
    public static func imageFailureJSON(_ failure: ImageCopyFailure) -> JSONValue {
        .object([
            ("volume", .string(failure.volume)),
            ("error", .optional(failure.error.systemError?.name)),
            ("hresult", .string(failure.hresult.hex)),
            ("message", .string(failure.message)),
            ("injected", .bool(failure.injected)),
        ])
    }

    /// A database as it stands at the end of the run (its group, role, preference and
    /// recovery state), with what the last host backup did with it.
    public static func databaseJSON(_ database: DatabaseEndState, hostBackup: DatabaseBackupResult?) -> JSONValue {
        .object([
            ("name", .string(database.name)),
            ("availabilityGroup", .optional(database.availabilityGroup)),
            ("role", .optional(database.role?.rawValue)),
            ("isPreferredBackupReplica", .bool(database.isPreferredBackupReplica)),
            ("recoveryModel", .string(database.recoveryModel.sqlName)),
            ("state", .string(database.state.rawValue)),
            ("decision", .optional(hostBackup?.decision.rawValue)),
            ("backedUp", .bool(hostBackup?.inBackup ?? false)),
            ("backup", hostBackup?.backupSet?.json ?? .null),
            ("recovery", RecoveryJSON.replica(database)),
        ])
    }

    public static func stepJSON(_ step: StepResult) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("index", .int(step.index)),
            ("kind", .string(step.kind)),
            ("vm", .optional(step.vm)),
            ("ok", .bool(step.ok)),
            ("skipped", .bool(step.skipped)),
            ("msg", .optional(step.msg)),
            ("text", .optional(step.text)),
            ("backup", step.backup?.json ?? .null),
        ]
        if let check = step.checkdb { pairs.append(("checkdb", check.json)) }
        if let host = step.hostBackup {
            pairs.append(("result", .string(host.succeeded ? "succeeded" : "failed")))
            pairs.append(("hresult", .optional(host.hresult?.hex)))
        }
        return .object(pairs)
    }

    public static func eventJSON(_ event: TraceEvent) -> JSONValue {
        .object([
            ("seq", .int(event.seq)),
            ("tMs", .double(event.tMs)),
            ("scope", .string(event.scope)),
            ("event", .string(event.event)),
            ("detail", .string(event.detail)),
        ])
    }

    static func expectationJSON(_ expectation: ExpectationResult) -> JSONValue {
        .object([
            ("path", .string(expectation.path)),
            ("expected", .string(expectation.expected)),
            ("actual", .optional(expectation.actual)),
            ("ok", .bool(expectation.ok)),
        ])
    }
}
