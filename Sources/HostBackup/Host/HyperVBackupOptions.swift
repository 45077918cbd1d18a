import SnapWriter

/// What the host requestor hands the Hyper-V writer for one host backup (its backup
/// options) and what the writer leaves there for it: where VM images go, the scenario's
/// host faults, and each VM's result. Made anew for every backup, so nothing of one
/// backup is left in the writer for the next.
final class HyperVBackupOptions: WriterBackupOptions {
    /// Where this backup copies VM images; nil when it copies none.
    let imageCopy: VMImageCopy?
    /// The scenario's host faults; their counts run across backups.
    let faults: HostFaultPlan?
    /// The VMs' results, in VM order, once PrepareForSnapshot has run.
    var results: [VMBackupResult] = []

    init(imageCopy: VMImageCopy?, faults: HostFaultPlan?) {
        self.imageCopy = imageCopy
        self.faults = faults
    }
}
