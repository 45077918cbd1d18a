import SnapWriter

/// The Hyper-V host: its own VSS service with the Hyper-V writer and the system writers,
/// the volume `C:` that holds every VM's files, and the VMs.
public final class HyperVHost: BackupHost {
    public let name: String
    public let vms: [GuestVM]
    public let vss: VSSCoordinator
    public let hyperVWriter: HyperVWriter
    private let log: EventLog

    /// False on a shard that does not own this host: its images are made, digested and
    /// verified as on the owner, and written only there (`Shard`).
    public let writesImages: Bool

    public init(name: String, vms: [GuestVM], vss: VSSCoordinator, hyperVWriter: HyperVWriter, log: EventLog,
                writesImages: Bool = true) {
        self.writesImages = writesImages
        self.name = name
        self.vms = vms
        self.vss = vss
        self.hyperVWriter = hyperVWriter
        self.log = log
    }

    public var hypervisor: Hypervisor { .hyperV }

    public static let vmVolume = "C:"

    /// The host requestor's trace scope.
    var requestorScope: String { "\(name)/requestor" }

    /// What the host requestor (System Center DPM, say) runs: a backup of the host volume
    /// that holds the VMs, with the backup type it chose. With a repository, each VM's `D:`
    /// image is copied into a new backup directory there, kept only if the host backup
    /// succeeds; a VM whose image cannot be stored fails, and with it the host backup.
    /// `faults` and `repositoryFaults` are the scenario's host and repository fault rules,
    /// whose counts run across backups.
    public func backUp(type: BackupType, repository: BackupRepository? = nil, faults: HostFaultPlan? = nil,
                       repositoryFaults: RepositoryFaultPlan? = nil) -> HostBackupResult
    {
        log.record(requestorScope, "HostBackupStarted", "\(type.name) of \(vms.count) VM(s)")
        let backup = repository.flatMap { beginBackup(in: $0) }
        let imageCopy = backup.map { VMImageCopy(backup: $0, log: log, scope: requestorScope, faults: repositoryFaults) }
        let options = HyperVBackupOptions(imageCopy: imageCopy, faults: faults)
        var attempts: [ConcurrentBackupAttempt] = []
        let secondBackup: ((WriterEvent) -> Void)? = faults?.take(.secondBackup).map { rule in
            { [unowned self] seen in
                guard seen == rule.event, attempts.isEmpty else { return }
                attempts.append(startSecondBackup(type: type, during: seen))
            }
        }
        let outcome = BackupRequester(coordinator: vss, name: "host requestor")
            .run(type: type, volumes: [Self.vmVolume], backupOptions: [hyperVWriter.identity.name: options],
                 onEvent: secondBackup)
        var result = HostBackupResult(host: name, backupType: type, hresult: outcome.hresult, failure: nil,
                                      hostWriters: outcome.writerStatus, vms: options.results)
        result.concurrentAttempts = attempts
        if result.vms.isEmpty {
            result.vms = vms.map { VMBackupResult(vm: $0.name, method: $0.backupMethod, status: .notAttempted) }
        }
        if let hresult = outcome.hresult {
            result.failure = describeFailure(outcome: outcome, hresult: hresult, vms: result.vms)
        }
        if let backup { settle(backup, &result) }
        if !result.succeeded {
            // No partial backups: a database is in no backup when the host backup failed.
            for vmIndex in result.vms.indices {
                for databaseIndex in result.vms[vmIndex].databases.indices {
                    result.vms[vmIndex].databases[databaseIndex].inBackup = false
                }
            }
        }
        log.record(requestorScope, result.succeeded ? "HostBackupSucceeded" : "HostBackupFailed",
                   result.failure?.message ?? "every VM backed up")
        return result
    }

    /// A second requester starts a host backup while this one is at `event`: VSS lets one
    /// snapshot set be made at a time, so its StartSnapshotSet returns
    /// VSS_E_SNAPSHOT_SET_IN_PROGRESS and the backup under way goes on untouched.
    private func startSecondBackup(type: BackupType, during event: WriterEvent) -> ConcurrentBackupAttempt {
        log.record(requestorScope, "SecondBackupStarted",
                   "a second requester starts a \(type.name) while the first backup is at \(event.traceName)")
        let second = vss.makeBackupComponents()
        defer { second.release() }
        var attempt = ConcurrentBackupAttempt(duringEvent: event)
        do {
            try second.initializeForBackup()
            try second.setContext(.backup)
            try second.setBackupState(type)
            try second.gatherCachedWriterMetadata()
            _ = try second.startSnapshotSet()
            log.record(requestorScope, "SecondBackupStarted", "its snapshot set started")
        } catch {
            attempt.call = error.call
            attempt.hresult = error.hresult
            log.record(requestorScope, "SecondBackupRejected", error.description)
        }
        return attempt
    }

    private func beginBackup(in repository: BackupRepository) -> RepositoryBackup? {
        do {
            return try repository.beginBackup(writes: writesImages)
        } catch {
            log.record(requestorScope, "ImageCopyFailed", "no VM image is copied: \(error.description)")
            return nil
        }
    }

    /// Keeps the images of a host backup that succeeded; removes those of one that failed,
    /// and reports no image for any VM: there are no partial backups.
    private func settle(_ backup: RepositoryBackup, _ result: inout HostBackupResult) {
        let count = backup.images.count
        if result.succeeded {
            do {
                try backup.keep()
                log.record(requestorScope, "ImagesKept", "\(backup.name): \(count) image(s) and SHA256SUMS")
            } catch {
                // Without its list of digests the backup cannot be checked: it is not kept.
                log.record(requestorScope, "ImageCopyFailed", "\(backup.name)/SHA256SUMS: \(error.description)")
                let failure = ImageCopyFailure(vm: "", volume: "", error: error)
                result.hresult = failure.hresult
                result.failure = .init(vm: nil, writer: "host requestor", event: .backupComplete, hresult: failure.hresult,
                                       message: "the list of image digests could not be stored: \(error.message); "
                                           + "\(failure.hresult.name) (\(failure.hresult.hex)).",
                                       cause: error.message)
                result.repositoryFailure = failure
                backup.discard()
                for index in result.vms.indices { result.vms[index].image = nil }
                log.record(requestorScope, "ImagesDiscarded", "\(backup.name) removed: its SHA256SUMS could not be written")
            }
            return
        }
        backup.discard()
        for index in result.vms.indices { result.vms[index].image = nil }
        log.record(requestorScope, "ImagesDiscarded",
                   "the host backup failed: \(count) image(s) copied into \(backup.name) removed (no partial backups)")
    }

    private func describeFailure(outcome: BackupRequester.Outcome, hresult: HResult, vms: [VMBackupResult])
        -> HostBackupResult.Failure
    {
        if let failedVM = vms.first(where: { $0.status == .failed }), let stored = failedVM.imageFailure {
            let message = "\(stored.message); \(stored.hresult.name) (\(stored.hresult.hex)). "
                + "The host backup of all \(vms.count) VM(s) failed: Hyper-V takes no partial backups."
            return .init(vm: failedVM.vm, writer: WriterIdentity.hyperV.name, event: .prepareSnapshot,
                         hresult: stored.hresult, message: message, cause: stored.message)
        }
        if let failedVM = vms.first(where: { $0.status == .failed }), let guest = failedVM.failure {
            let message = "\(guest.writer) on \(failedVM.vm) failed \(guest.event.traceName) with "
                + "\(guest.hresult.name) (\(guest.hresult.hex)); state \(guest.state.name). "
                + "The host backup of all \(vms.count) VM(s) failed: Hyper-V takes no partial backups."
            return .init(vm: failedVM.vm, writer: guest.writer, event: guest.event, hresult: guest.hresult,
                         message: message, writerMessage: failedVM.failureMessage)
        }
        if let failedVM = vms.first(where: { $0.status == .failed }) {
            let message = "the guest backup of \(failedVM.vm) failed with \(hresult.name) (\(hresult.hex)). "
                + "The host backup of all \(vms.count) VM(s) failed: Hyper-V takes no partial backups."
            return .init(vm: failedVM.vm, writer: "VSS", event: .prepareSnapshot, hresult: hresult, message: message)
        }
        if let writer = outcome.failure {
            return .init(vm: nil, writer: writer.writer, event: writer.event, hresult: writer.hresult,
                         message: "\(writer.writer) on host \(name) failed \(writer.event.traceName) with "
                             + "\(writer.hresult.name) (\(writer.hresult.hex)); state \(writer.state.name).")
        }
        return .init(vm: nil, writer: "VSS", event: .prepareSnapshot, hresult: hresult,
                     message: "the host's shadow copy set failed with \(hresult.name) (\(hresult.hex)).")
    }
}
