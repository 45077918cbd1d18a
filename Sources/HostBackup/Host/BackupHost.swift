import SnapWriter

/// A host as a run drives it, whichever hypervisor it runs: its VMs, its own VSS (none
/// writers on a KVM host) and its host-level backup.
public protocol BackupHost: AnyObject {
    var name: String { get }
    var vms: [GuestVM] { get }
    var vss: VSSCoordinator { get }
    var hypervisor: Hypervisor { get }
    /// False on a shard that does not own this host (`Shard`).
    var writesImages: Bool { get }

    /// One host-level backup of every VM, asking for `type` where the hypervisor asks for
    /// one; images go to `repository`; `faults` and `repositoryFaults` count across backups.
    func backUp(type: BackupType, repository: BackupRepository?, faults: HostFaultPlan?,
                repositoryFaults: RepositoryFaultPlan?) -> HostBackupResult
}

extension BackupHost {
    public func backUp(type: BackupType, repository: BackupRepository? = nil) -> HostBackupResult {
        backUp(type: type, repository: repository, faults: nil, repositoryFaults: nil)
    }
}
