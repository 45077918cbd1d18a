/// Which hypervisor a host runs: Hyper-V quiesces guests through its backup integration
/// service and the guests' VSS; KVM (Proxmox VE, libvirt) through the QEMU guest agent.
public enum Hypervisor: String, Sendable, CaseIterable {
    case hyperV = "hyper-v"
    case kvm

    /// Whether reports name each of `hosts`' hypervisor: once a KVM host is among them,
    /// since the same guest can fail one host's backup and not the other's.
    public static func isNamed(among hosts: [HostSpec]) -> Bool {
        hosts.contains { $0.hypervisor == .kvm }
    }

    /// How reports name it: `Hyper-V`, `KVM`.
    public var label: String {
        switch self {
        case .hyperV: "Hyper-V"
        case .kvm: "KVM"
        }
    }
}

/// The operating system a VM runs: SQL Server only on Windows.
public enum GuestOS: String, Sendable, CaseIterable {
    case windows
    case linux
}

/// A VM's QEMU guest agent, on a KVM host.
public struct GuestAgentSpec: Sendable {
    /// Windows only: the `VssOption` registry value the agent reads at every freeze. Any
    /// DWORD is stored; one outside 1...5 means VSS_BT_FULL, as the agent falls back.
    public var vssOption = 1
    /// False: the agent is installed and configured but its service does not run, so
    /// nothing answers on its channel.
    public var running = true

    public init() {}
}
