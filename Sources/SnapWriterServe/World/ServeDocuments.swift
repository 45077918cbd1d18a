import HostBackup
import SnapWriter

/// The documents of `serve` that run/1 has no builder for: a host, a VM with its SQL Server
/// and volumes, a host backup's status and `result.json` (`snapwriter.serve/1`). Writers,
/// steps, events, VMs of a host backup and backupset rows are run/1's own builders.
enum ServeDocuments {
    static let resultSchema = "snapwriter.serve/1"

    static func host(_ host: any BackupHost, world: World) -> JSONValue {
        .object([
            ("name", .string(host.name)),
            ("hypervisor", .string(host.hypervisor.rawValue)),
            ("backupType", .string((world.scenario.host(named: host.name)?.backupType ?? .full).name)),
            ("vms", .array(host.vms.map { .string($0.name) })),
            ("writers", .array(host.vss.writerStatus.map(\.json))),
        ])
    }

    static func vm(_ vm: GuestVM, world: World) -> JSONValue {
        let instance = vm.guest.sqlInstance
        let sql: JSONValue = instance.map { instance in
            .object([
                ("version", .string(instance.version.rawValue)),
                ("edition", .string(instance.edition.rawValue)),
                ("collation", .string(instance.collation.name)),
                ("databases", .array(instance.databases.map { database in
                    .object([
                        ("name", .string(database.name)),
                        ("recoveryModel", .string(database.log.recoveryModel.sqlName)),
                        ("availabilityGroup", .optional(instance.availabilityGroup(of: database.name)?.name)),
                        ("role", .optional(instance.role(of: database.name)?.rawValue)),
                        ("isPreferredBackupReplica", .bool(instance.isPreferredBackupReplica(database.name))),
                        ("state", .string(database.state.rawValue)),
                    ])
                })),
            ])
        } ?? .null
        let dataVolume = vm.guest.dataVolume
        let mountpoint = (dataVolume as? FuseGuestVolume)?.mountpoint
        return .object([
            ("name", .string(vm.name)),
            ("host", .string(world.host(of: vm)?.name ?? world.host.name)),
            ("state", .string(vm.vss.isPoweredOff ? "off" : vm.powerState.rawValue)),
            ("backupIntegrationService", .bool(vm.backupIntegrationService)),
            ("backupMethod", .string(vm.backupMethod.rawValue)),
            ("sql", sql),
            ("volumes", .array([.object([("name", .string(dataVolume.name)), ("mountpoint", .optional(mountpoint))])])),
            ("guestAgent", vm.agentPort == nil ? .null : .object([
                ("socket", .optional(world.agentSocketPaths[vm.name])),
                ("running", .bool(vm.agentPort?.agentRunning ?? false)),
            ])),
        ])
    }

    /// `vssadmin list writers` as Windows prints it: its banner, then one block per writer.
    static func vssadmin(_ statuses: [WriterStatus]) -> String { VssadminFormat.listWriters(statuses) }

    /// A host backup started by `POST /hosts/{host}/backups`: its status and, once it ran,
    /// run/1's `hresult`, `failure` and `vms`.
    static func hostBackup(id: String, host: String, type: BackupType, step: StepResult?, state: WorldState?)
        -> JSONValue
    {
        let backup = step?.hostBackup
        let status = backup.map { $0.succeeded ? "succeeded" : "failed" } ?? "running"
        let vms: [JSONValue] = backup.flatMap { backup in
            state.map { state in
                // The backed-up host's VMs only, in its order.
                backup.vms.compactMap { result in state.vm(named: result.vm).map { RunReport.vmJSON($0, result: result) } }
            }
        } ?? []
        return .object([
            ("id", .string(id)),
            ("host", .string(host)),
            ("type", .string(type.name)),
            ("status", .string(status)),
            ("step", .optional(step?.index)),
            ("hresult", .optional(backup?.hresult?.hex)),
            ("error", .optional(backup?.hresult?.name)),
            ("failure", backup?.failure.map { RunReport.failureJSON($0) } ?? .null),
            ("vms", .array(vms)),
        ])
    }

    /// `result.json` of `serve --out`: the hosts, VMs and writers as the server ended, every
    /// step and host backup that ran, the fault rules armed last.
    static func result(_ result: RunResult, live: LiveWorld) -> JSONValue {
        let world = live.world
        let backups = result.steps.flatMap { step in step.hostBackups.map { (step, $0) } }
        return .object([
            ("schema", .string(resultSchema)),
            ("scenario", .string(result.scenario.name)),
            ("seed", .number(String(result.scenario.seed))),
            ("clock", .string(result.scenario.clock.rawValue)),
            ("volumes", .string(result.end.volumes.rawValue)),
            ("hosts", .array(world.hosts.map { host($0, world: world) })),
            ("vms", .array(world.vms.map { vmDocument in
                guard case .object(var fields) = vm(vmDocument, world: world) else { return .null }
                fields.append(("writers", .array(vmDocument.vss.writerStatus.map(\.json))))
                return .object(fields)
            })),
            ("hostBackups", .array(backups.map { step, backup in
                .object([
                    ("step", .int(step.index)),
                    ("host", .string(backup.host)),
                    ("type", .string(backup.backupType.name)),
                    ("result", .string(backup.succeeded ? "succeeded" : "failed")),
                    ("hresult", .optional(backup.hresult?.hex)),
                    ("failure", backup.failure.map { RunReport.failureJSON($0) } ?? .null),
                    ("vms", .array(backup.vms.map { vmResult in
                        .object([("name", .string(vmResult.vm)), ("result", .string(vmResult.status.rawValue))])
                    })),
                ])
            })),
            ("steps", .array(result.steps.map(RunReport.stepJSON))),
        ])
    }
}
