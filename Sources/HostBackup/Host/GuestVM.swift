import SnapWriter

/// A virtual machine on the host, as Hyper-V sees it: its power state, whether its backup
/// integration service runs, its data disk, and the guest inside, which Hyper-V reaches
/// only through the guest's VSS face (a requester's backup and its report) and by powering
/// it off.
public final class GuestVM {
    public enum PowerState: String, Sendable { case running, off }

    public let name: String
    public private(set) var powerState: PowerState
    public let backupIntegrationService: Bool
    /// The Windows inside.
    public let guest: WindowsGuest
    /// The VM's data disk, the host's own file that the guest mounts as `D:`: the host
    /// snapshots it itself only while the guest takes no part (saved or off).
    public let dataDisk: any Volume & FileVolume

    /// `dataDisk` is the same disk the guest mounts as `D:`.
    public init(name: String, powerState: PowerState, backupIntegrationService: Bool, guest: WindowsGuest,
                dataDisk: any Volume & FileVolume) {
        self.name = name
        self.powerState = powerState
        self.backupIntegrationService = backupIntegrationService
        self.guest = guest
        self.dataDisk = dataDisk
    }

    /// The guest's VSS service: its scope names the VM in the trace, its writers' status is
    /// what the host reports for a VM whose guest took no part.
    public var vss: VSSCoordinator { guest.vss }

    /// Child VM snapshot needs the VM running with its backup integration service.
    public var backupMethod: BackupMethod {
        powerState == .running && backupIntegrationService ? .childVMSnapshot : .savedState
    }

    /// The VM powers off in the middle of things; the guest stops where it stands (see
    /// `WindowsGuest.powerOff`). It stays off for the rest of the run.
    public func stop(during event: WriterEvent, log: EventLog) {
        guard powerState == .running else { return }
        powerState = .off
        log.record(vss.scope, "VMStopped", "the VM powered off during the guest's \(event.traceName)")
        guest.powerOff()
    }
}
