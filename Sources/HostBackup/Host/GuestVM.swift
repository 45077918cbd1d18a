import SnapWriter

/// A virtual machine on the host, as its hypervisor sees it: its power state, its data
/// disk, and the guest inside, which the host reaches only through the guest's own face:
/// on Hyper-V the backup integration service (a requester's backup and its report), on
/// KVM the QEMU guest agent's channel; and by powering it off.
public final class GuestVM {
    public enum PowerState: String, Sendable { case running, off }

    public let name: String
    public private(set) var powerState: PowerState
    public let hypervisor: Hypervisor
    public let backupIntegrationService: Bool
    /// The operating system inside.
    public let guest: any GuestSystem
    /// The VM's data disk, the host's own file that the guest mounts as `D:` (`/data` on
    /// Linux): the host snapshots it itself when the guest takes no part in a backup, and
    /// always on KVM.
    public let dataDisk: any Volume & FileVolume
    /// KVM: the guest agent's channel; nil when the VM has no agent configured.
    public let agentPort: GuestAgentPort?
    /// KVM: the agent inside the guest, as the guest's own administrator reaches it (its
    /// `VssOption` registry value); the host never uses it.
    public let agentSystem: (any GuestAgentSystem)?

    /// `dataDisk` is the same disk the guest mounts as its data volume.
    public init(name: String, powerState: PowerState, hypervisor: Hypervisor = .hyperV, backupIntegrationService: Bool,
                guest: any GuestSystem, dataDisk: any Volume & FileVolume, agentPort: GuestAgentPort? = nil,
                agentSystem: (any GuestAgentSystem)? = nil) {
        self.name = name
        self.powerState = powerState
        self.hypervisor = hypervisor
        self.backupIntegrationService = backupIntegrationService
        self.guest = guest
        self.dataDisk = dataDisk
        self.agentPort = agentPort
        self.agentSystem = agentSystem
    }

    /// The guest's VSS service: its scope names the VM in the trace, its writers' status is
    /// what the host reports for a VM whose guest took no part.
    public var vss: VSSCoordinator { guest.vss }

    /// On Hyper-V: child VM snapshot needs the VM running with its backup integration
    /// service. On KVM: a running VM with an agent configured is frozen through it.
    public var backupMethod: BackupMethod {
        switch hypervisor {
        case .hyperV: powerState == .running && backupIntegrationService ? .childVMSnapshot : .savedState
        case .kvm: powerState == .running && agentPort != nil ? .guestAgentFreeze : .crashConsistentSnapshot
        }
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
