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
        /// The one-sentence cause when it is not a writer's own failure: the image file and
        /// the system's error when a VM's image could not be stored.
        public var cause: String?
        /// The failed guest writer's own words for why (the SQL writer names the secondary
        /// replica and the build that refused VSS_BT_FULL), where it gave them.
        public var writerMessage: String?

        /// Why, in one sentence an infrastructure team reads without knowing SQL Server: the
        /// topology fact the failed writer named (a secondary replica on a build that refuses
        /// VSS_BT_FULL), the image that could not be stored, or else which writer failed
        /// where, with what.
        public var explanation: String {
            if let cause { return cause }
            if let writerMessage { return writerMessage }
            let machine = vm.map { "on \($0)" } ?? "on the host"
            return "\(writer) \(machine) failed in \(event.traceName) with \(hresult.name)"
        }

        public init(vm: String?, writer: String, event: WriterEvent, hresult: HResult, message: String,
                    cause: String? = nil, writerMessage: String? = nil) {
            self.vm = vm
            self.writer = writer
            self.event = event
            self.hresult = hresult
            self.message = message
            self.cause = cause
            self.writerMessage = writerMessage
        }
    }

    /// The host that was backed up.
    public var host: String
    /// Hyper-V takes no partial backups; a KVM host keeps each VM's backup on its own.
    public var hypervisor: Hypervisor = .hyperV
    public var backupType: BackupType
    public var succeeded: Bool { hresult == nil }
    public var hresult: HResult?
    public var failure: Failure?
    public var hostWriters: [WriterStatus]
    public var vms: [VMBackupResult]
    /// Host backups a second requester tried to start while this one ran.
    public var concurrentAttempts: [ConcurrentBackupAttempt] = []
    /// The repository failure that failed this backup after its VMs succeeded (its list of
    /// digests could not be written); a VM's own failure is in `vms[].imageFailure`.
    public var repositoryFailure: ImageCopyFailure?

    /// Every failure to store an image or the list of digests in this backup.
    public var storageFailures: [ImageCopyFailure] {
        vms.compactMap(\.imageFailure) + (repositoryFailure.map { [$0] } ?? [])
    }
}
