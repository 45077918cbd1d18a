import HostBackup
import SnapWriter

/// What read requests answer with, taken from the world as values on the world's thread.
/// A read is answered from the latest view, never from the world itself, so it never waits
/// for a call that holds the world (a writer hanging for 60 s on a real clock, a day of
/// workload).
struct WorldView: Sendable {
    var hostNames: [String] = []
    var hosts: [String: JSONValue] = [:]
    var vmNames: [String] = []
    var vms: [String: JSONValue] = [:]
    var hostWriters: [String: [WriterStatus]] = [:]
    var vmWriters: [String: [WriterStatus]] = [:]
    /// `{"backupset": [...]}` per VM with SQL Server.
    var backupSets: [String: JSONValue] = [:]
    /// `{"lines": [...]}` per VM with SQL Server.
    var errorLogs: [String: JSONValue] = [:]
    var history: JSONValue = .array([])
    /// `{"shadows": [...]}` per machine.
    var shadows: [MachineRef: JSONValue] = [:]
    /// Host backups that ran, by result; writers that ended one failed, by machine, writer and
    /// HRESULT (the counters of `/metrics`).
    var backupCounts: [MetricsText.BackupKey: Int] = [:]
    var failureCounts: [MetricsText.FailureKey: Int] = [:]

    /// Everything but the trace, which `WorldBoard` mirrors as it grows.
    static func take(_ live: LiveWorld, sessions: RequesterSessions) -> WorldView {
        let world = live.world
        var view = WorldView()
        for host in world.hosts {
            view.hostNames.append(host.name)
            view.hosts[host.name] = ServeDocuments.host(host, world: world)
            view.hostWriters[host.name] = host.vss.writerStatus
            view.shadows[.host(host.name)] = try? sessions.shadows(on: .host(host.name))
        }
        for vm in world.vms {
            view.vmNames.append(vm.name)
            view.vms[vm.name] = ServeDocuments.vm(vm, world: world)
            view.vmWriters[vm.name] = vm.vss.writerStatus
            view.shadows[.vm(vm.name)] = try? sessions.shadows(on: .vm(vm.name))
            guard let instance = vm.guest.sqlInstance else { continue }
            view.backupSets[vm.name] = .object([("backupset", .array(instance.msdb.backupSets.map(\.json)))])
            view.errorLogs[vm.name] = .object([("lines", .array(instance.errorLog.map(JSONValue.string)))])
        }
        view.history = .array(world.instances.values.flatMap(\.msdb.backupSets)
            .sorted { $0.backupSetId < $1.backupSetId }.map(\.json))
        for backup in live.steps.flatMap(\.hostBackups) {
            view.backupCounts[.init(host: backup.host, succeeded: backup.succeeded), default: 0] += 1
            let writers = backup.vms.flatMap { vm in vm.writers.map { (vm.vm, $0) } }
                + backup.hostWriters.map { (backup.host, $0) }
            for (machine, writer) in writers where writer.lastError != .ok {
                view.failureCounts[.init(machine: machine, writer: writer.name, hresult: writer.lastError.hex), default: 0] += 1
            }
        }
        return view
    }
}
