import SnapWriter

/// The guest's "Hyper-V Volume Shadow Copy Requestor": runs the guest's own VSS backup when
/// the host asks. It always asks the guest's writers for VSS_BT_FULL, whatever the host
/// requestor asked for: the host's backup type is not passed through.
public struct BackupIntegrationService {
    public static let guestBackupType = BackupType.full

    public init() {}

    public func backUp(_ vm: GuestVM, log: EventLog) -> VMBackupResult {
        backUp(vm, log: log, images: nil)
    }

    /// The guest's requester does not answer the host: Hyper-V waits out its limit and fails
    /// the VM; no guest writer hears of the backup (H11).
    func silent(_ vm: GuestVM, log: EventLog, clock: SimulationClock) -> VMBackupResult {
        let limit = VSSTimeouts.windows.writerResponse
        log.record(vm.vss.scope, "IntegrationServiceSilent",
                   "Hyper-V Volume Shadow Copy Requestor does not answer; the host waits \(limit.components.seconds) s")
        clock.advance(by: limit)
        var result = VMBackupResult(vm: vm.name, method: .childVMSnapshot, status: .failed)
        result.guestBackupType = Self.guestBackupType
        result.hresult = .writerErrorTimeout
        result.failure = WriterFailureRecord(writer: WriterIdentity.hyperV.name, event: .prepareSnapshot,
                                             hresult: .writerErrorTimeout, state: .failedAtPrepareSnapshot)
        result.writers = vm.vss.writerStatus
        result.databases = vm.guest.databasesOutsideBackup
        log.record(vm.vss.scope, "GuestBackupFailed", "VSS_E_WRITERERROR_TIMEOUT (0x800423F2)")
        return result
    }

    /// The guest's backup; while its shadow copies exist, the host copies the image of its
    /// `D:` from the shadow copy through `images`. Host faults: the VM stops when its
    /// backup reaches `stopsAt`; the requester goes away after `requesterDiesAfter`.
    func backUp(_ vm: GuestVM, log: EventLog, images: VMImageCopy?, stopsAt: WriterEvent? = nil,
                requesterDiesAfter: WriterEvent? = nil) -> VMBackupResult {
        var result = VMBackupResult(vm: vm.name, method: .childVMSnapshot, status: .succeeded)
        result.guestBackupType = Self.guestBackupType
        log.record(vm.vss.scope, "GuestBackupStarted",
                   "Hyper-V Volume Shadow Copy Requestor asks for \(Self.guestBackupType.name)")
        var imageFailure: ImageCopyFailure?
        let stop: ((WriterEvent) -> Void)? = stopsAt.map { stopsAt in
            { event in if event == stopsAt { vm.stop(during: event, log: log) } }
        }
        // Hyper-V's VMs are Windows guests: the parser refuses any other.
        let report = (vm.guest as! WindowsGuest).runBackup(requester: "Hyper-V Volume Shadow Copy Requestor", type: Self.guestBackupType,
                                        diesAfter: requesterDiesAfter, onEvent: stop) { copies in
            guard let images, let snapshot = copies.snapshot(of: vm.dataDisk.name) else { return }
            do throws(ImageCopyFailure) {
                result.image = try images.copy(vm, from: snapshot, source: .guestShadowCopy, snapshotId: snapshot.id,
                                               quiesced: copies.quiescedDatabases)
            } catch {
                imageFailure = error
            }
        }
        let outcome = report.outcome
        result.writers = report.writerStatus
        result.missingWriters = report.missingWriters
        result.databases = report.databases
        result.errorLog = report.errorLog
        if outcome.machineStopped || outcome.requesterDied {
            // The host loses its guest mid-backup: the Hyper-V writer fails the VM (H9, H10).
            result.status = .failed
            result.hresult = .writerErrorRetryable
            result.failure = WriterFailureRecord(writer: WriterIdentity.hyperV.name, event: .prepareSnapshot,
                                                 hresult: .writerErrorRetryable, state: .failedAtPrepareSnapshot)
            log.record(vm.vss.scope, "GuestLost", outcome.machineStopped
                ? "the VM stopped during its backup" : "the guest's requester went away before BackupComplete")
        } else if !outcome.succeeded {
            result.status = .failed
            result.failure = outcome.failure
            result.failureMessage = report.failureMessage
            result.hresult = outcome.hresult
        }
        log.record(vm.vss.scope, outcome.succeeded ? "GuestBackupSucceeded" : "GuestBackupFailed",
                   result.hresult.map { "\($0.name) (\($0.hex))" } ?? "")
        if result.status == .succeeded, let imageFailure {
            // The guest's backup went well, but the host could not keep its image: the VM
            // is not backed up (R12).
            result.fail(storing: imageFailure)
            log.record(vm.vss.scope, "VMBackupFailed",
                       "its image could not be stored: \(imageFailure.hresult.name) (\(imageFailure.hresult.hex))")
        }
        return result
    }
}
