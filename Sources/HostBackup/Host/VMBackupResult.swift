import SnapWriter

/// One VM's part in one host backup.
public struct VMBackupResult {
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
    public var hresult: HResult?
    /// Error log lines the guest's SQL Server wrote during this backup.
    public var errorLog: [String] = []
    /// The image of the guest's `D:` the host copied into the repository; nil when none was
    /// copied or the host backup failed (its images are discarded).
    public var image: BackupImage?

    public init(vm: String, method: BackupMethod, status: VMBackupStatus) {
        self.vm = vm
        self.method = method
        self.status = status
    }
}
