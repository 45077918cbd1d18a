import SnapWriter

/// One VM's part in one host backup.
public struct VMBackupResult {
    /// The VM's image could not be stored: the VM fails with the system's error as its
    /// HRESULT, reported by the Hyper-V writer at PrepareForSnapshot (docs/fidelity.md R12).
    mutating func fail(storing failure: ImageCopyFailure, by writer: String = WriterIdentity.hyperV.name) {
        status = .failed
        image = nil
        imageFailure = failure
        hresult = failure.hresult
        self.failure = WriterFailureRecord(writer: writer, event: .prepareSnapshot, hresult: failure.hresult,
                                           state: .failedAtPrepareSnapshot)
    }

    public let vm: String
    public let method: BackupMethod
    public var status: VMBackupStatus
    /// What the guest's writers were asked for; nil when no guest backup ran.
    public var guestBackupType: BackupType?
    /// The guest writers as GatherWriterStatus last saw them.
    public var writers: [WriterStatus] = []
    /// Writers that failed Identify and vanished from the guest's metadata.
    public var missingWriters: [WriterStatus] = []
    public var databases: [DatabaseBackupResult] = []
    public var failure: WriterFailureRecord?
    /// Why the guest writer failed, in its own words, when it said.
    public var failureMessage: String?
    public var hresult: HResult?
    /// Error log lines the guest's SQL Server wrote during this backup.
    public var errorLog: [String] = []
    /// The image of the guest's `D:` the host copied into the repository; nil when none was
    /// copied or the host backup failed (its images are discarded).
    public var image: BackupImage?
    /// Why the VM's image could not be stored or verified; such a VM failed.
    public var imageFailure: ImageCopyFailure?
    /// KVM: the agent calls the host made and what it logged; nil for a VM without an agent.
    public var guestAgent: GuestAgentReport?

    public init(vm: String, method: BackupMethod, status: VMBackupStatus) {
        self.vm = vm
        self.method = method
        self.status = status
    }
}
