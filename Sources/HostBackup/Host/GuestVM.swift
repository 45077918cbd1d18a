import SnapWriter

/// A virtual machine on the host: its power state, its backup integration service, and
/// inside it a Windows guest with its own VSS service, volumes and (maybe) SQL Server.
public final class GuestVM {
    public enum PowerState: String, Sendable { case running, off }

    public let name: String
    public var powerState: PowerState
    public var backupIntegrationService: Bool
    /// The guest's VSS service with its writers and volumes `C:` and `D:`.
    public let vss: VSSCoordinator
    public let systemVolume: MemoryVolume
    /// `D:`, where SQL Server's files live: in memory, or a real FUSE mount.
    public let dataVolume: any Volume & FileVolume
    public let sqlInstance: SQLInstance?
    public let sqlWriter: SQLServerWriter?

    public init(name: String, powerState: PowerState, backupIntegrationService: Bool, vss: VSSCoordinator,
                systemVolume: MemoryVolume, dataVolume: any Volume & FileVolume, sqlInstance: SQLInstance?,
                sqlWriter: SQLServerWriter?) {
        self.name = name
        self.powerState = powerState
        self.backupIntegrationService = backupIntegrationService
        self.vss = vss
        self.systemVolume = systemVolume
        self.dataVolume = dataVolume
        self.sqlInstance = sqlInstance
        self.sqlWriter = sqlWriter
    }

    /// Child VM snapshot needs the VM running with its backup integration service.
    public var backupMethod: BackupMethod {
        powerState == .running && backupIntegrationService ? .childVMSnapshot : .savedState
    }

    public var volumeNames: [String] { [systemVolume.name, dataVolume.name] }

    /// The VM powers off in the middle of things: SQL Server stops where it stands (its
    /// frozen databases are not thawed; nothing more is written), the guest's VSS service
    /// sends nothing more, and writes held on its volumes are lost, never having been
    /// acknowledged. It stays off for the rest of the run.
    public func stop(during event: WriterEvent, log: EventLog) {
        guard powerState == .running else { return }
        powerState = .off
        log.record(vss.scope, "VMStopped", "the VM powered off during the guest's \(event.traceName)")
        if let instance = sqlInstance {
            instance.isRunning = false
            for database in instance.databases { database.isFrozen = false }
        }
        vss.powerOff()
    }
}
