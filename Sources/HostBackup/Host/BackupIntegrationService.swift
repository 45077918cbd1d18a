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

    /// The guest's backup; while its shadow copies exist, the host copies the image of its
    /// `D:` from the shadow copy through `images`.
    func backUp(_ vm: GuestVM, log: EventLog, images: VMImageCopy?) -> VMBackupResult {
        var result = VMBackupResult(vm: vm.name, method: .childVMSnapshot, status: .succeeded)
        result.guestBackupType = Self.guestBackupType
        let errorLogBefore = vm.sqlInstance?.errorLog.count ?? 0
        log.record(vm.vss.scope, "GuestBackupStarted",
                   "Hyper-V Volume Shadow Copy Requestor asks for \(Self.guestBackupType.name)")
        vm.sqlWriter?.forgetLastBackup()
        let requester = BackupRequester(coordinator: vm.vss, name: "Hyper-V Volume Shadow Copy Requestor")
        let outcome = requester.run(type: Self.guestBackupType, volumes: vm.volumeNames) { snapshots in
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
        if !outcome.succeeded {
            result.status = .failed
            result.failure = outcome.failure
            result.hresult = outcome.hresult
        }
        log.record(vm.vss.scope, outcome.succeeded ? "GuestBackupSucceeded" : "GuestBackupFailed",
                   outcome.hresult.map { "\($0.name) (\($0.hex))" } ?? "")
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
