/// The Linux inside one VM, as a KVM host's backup reaches it: its file systems, `/` and
/// the data volume `/data`, and no SQL Server. It has no VSS: its coordinator has no
/// writers and stands only for the machine's trace scope, its volumes and its power
/// (docs/fidelity.md K3). The QEMU guest agent freezes its file systems
/// (`LinuxVolumesAgentSystem` over `agentMounts`).
public final class LinuxGuest: GuestSystem {
    public let vss: VSSCoordinator
    public let rootVolume: MemoryVolume
    public let dataVolume: any Volume & FileVolume

    public init(vss: VSSCoordinator, rootVolume: MemoryVolume, dataVolume: any Volume & FileVolume) {
        self.vss = vss
        self.rootVolume = rootVolume
        self.dataVolume = dataVolume
    }

    public var sqlInstance: SQLInstance? { nil }
    public var volumeNames: [String] { [rootVolume.name, dataVolume.name] }
    public var databasesOutsideBackup: [DatabaseBackupResult] { [] }
    public var databasesFrozenNow: Set<String> { [] }

    /// The volumes in mount order: the root first, then what is mounted below it.
    public var volumes: [any Volume] { [rootVolume, dataVolume] }

    /// Writes held on its file systems are lost with the machine.
    public func powerOff() { vss.powerOff() }
}
