import SnapWriter

/// The outcome of one Hyper-V host-level backup.
public struct HostBackupResult {
    /// The failure the host requestor reports: the VM and guest writer when a guest failed.
    public struct Failure {
        public var vm: String?
        public var writer: String
        public var event: WriterEvent
        public var hresult: HResult
        public var message: String
    }

    public var backupType: BackupType
    public var succeeded: Bool { hresult == nil }
    public var hresult: HResult?
    public var failure: Failure?
    public var hostWriters: [WriterStatus]
    public var vms: [VMBackupResult]
    /// Host backups a second requester tried to start while this one ran.
    public var concurrentAttempts: [ConcurrentBackupAttempt] = []
}
