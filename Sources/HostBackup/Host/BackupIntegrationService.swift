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
        result.databases = Self.databaseResults(vm, succeeded: false)
        log.record(vm.vss.scope, "GuestBackupFailed", "VSS_E_WRITERERROR_TIMEOUT (0x800423F2)")
        return result
    }

    /// The guest's backup; while its shadow copies exist, the host copies the image of its
    /// `D:` from the shadow copy through `images`. Host faults: the VM stops when its
    /// backup reaches `stopsAt`; the requester goes away after `requesterDiesAfter`.
    func backUp(_ vm: GuestVM, log: EventLog, images: VMImageCopy?, stopsAt: WriterEvent? = nil,
                requesterDiesAfter: WriterEvent? = nil) -> VMBackupResult {
        if let stopsAt {
            vm.vss.eventObserver = { event, _ in if event == stopsAt { vm.stop(during: event, log: log) } }
        }
        defer { vm.vss.eventObserver = nil }
        var result = VMBackupResult(vm: vm.name, method: .childVMSnapshot, status: .succeeded)
        result.guestBackupType = Self.guestBackupType
        let errorLogBefore = vm.sqlInstance?.errorLog.count ?? 0
        log.record(vm.vss.scope, "GuestBackupStarted",
                   "Hyper-V Volume Shadow Copy Requestor asks for \(Self.guestBackupType.name)")
        vm.sqlWriter?.forgetLastBackup()
        let requester = BackupRequester(coordinator: vm.vss, name: "Hyper-V Volume Shadow Copy Requestor")
        let outcome = requester.run(type: Self.guestBackupType, volumes: vm.volumeNames,
                                    diesAfter: requesterDiesAfter) { snapshots in
            guard let images, let snapshot = snapshots.first(where: { $0.volumeName == vm.dataVolume.name }) else {
                return
            }
            result.image = images.copy(vm, from: snapshot, source: .guestShadowCopy, snapshotId: snapshot.id,
                                       quiesced: Self.frozenDatabases(vm))
        }
        result.writers = outcome.writerStatus
        result.missingWriters = vm.vss.allWriterStatus.filter { !$0.inMetadata }
        result.databases = Self.databaseResults(vm, succeeded: outcome.succeeded)
        result.errorLog = Array((vm.sqlInstance?.errorLog ?? []).dropFirst(errorLogBefore))
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
            result.hresult = outcome.hresult
        }
        log.record(vm.vss.scope, outcome.succeeded ? "GuestBackupSucceeded" : "GuestBackupFailed",
                   result.hresult.map { "\($0.name) (\($0.hex))" } ?? "")
        return result
    }

    /// The databases the SQL writer held frozen for this backup's snapshot: it records a
    /// database's snapshot backup at Thaw only when it froze it. Empty when the SQL writer
    /// took no part (it failed Identify, say).
    static func frozenDatabases(_ vm: GuestVM) -> Set<String> {
        Set((vm.sqlWriter?.lastBackup ?? []).filter { $0.backupSet != nil }.map(\.database))
    }

    /// Every database of the guest's instance, in order: what the writer did with it, and
    /// whether it is in the backup (only when the guest's backup succeeded as a whole).
    static func databaseResults(_ vm: GuestVM, succeeded: Bool) -> [DatabaseBackupResult] {
        guard let instance = vm.sqlInstance else { return [] }
        let planned = vm.sqlWriter?.lastBackup ?? []
        return instance.databases.map { database in
            if var result = planned.first(where: { $0.database == database.name }) {
                result.inBackup = succeeded && result.backupSet != nil
                return result
            }
            let group = instance.availabilityGroup(of: database.name)
            return DatabaseBackupResult(database: database.name, availabilityGroup: group?.name,
                                        role: instance.role(of: database.name), decision: .notInBackup)
        }
    }
}
