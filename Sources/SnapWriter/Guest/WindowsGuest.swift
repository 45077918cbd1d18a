/// The Windows inside one VM, as a backup reaches it: its VSS service with its writers, its
/// volumes `C:` and `D:`, and (maybe) a SQL Server instance with its VSS writer. Whoever
/// stands outside (the host's backup integration service, the hypervisor) drives it through
/// two doors only: a requester's backup, whose report says what the guest's requester
/// learnt, and powering the machine off.
public final class WindowsGuest: GuestSystem {
    /// The guest's VSS service: its writers' status is what `vssadmin list writers` shows.
    public let vss: VSSCoordinator
    public let systemVolume: MemoryVolume
    /// `D:`, where SQL Server's files live: in memory, or a real FUSE mount.
    public let dataVolume: any Volume & FileVolume
    public let sqlInstance: SQLInstance?
    public let sqlWriter: SQLServerWriter?

    /// A guest that is not `running` starts with its SQL Server down.
    public init(vss: VSSCoordinator, systemVolume: MemoryVolume, dataVolume: any Volume & FileVolume,
                sqlInstance: SQLInstance?, sqlWriter: SQLServerWriter?, running: Bool) {
        self.vss = vss
        self.systemVolume = systemVolume
        self.dataVolume = dataVolume
        self.sqlInstance = sqlInstance
        self.sqlWriter = sqlWriter
        sqlInstance?.isRunning = running
    }

    public var volumeNames: [String] { [systemVolume.name, dataVolume.name] }

    /// A requester in the guest runs a whole backup of its volumes (`BackupRequester`) and
    /// reports what it learnt: the writers' status, the databases the SQL writer put in the
    /// backup, and the lines SQL Server wrote to its error log meanwhile. `copy` runs while
    /// the shadow copies exist; `onEvent` is the requester's hook on each writer event.
    public func runBackup(requester name: String, type: BackupType, diesAfter: WriterEvent? = nil,
                          onEvent: ((WriterEvent) -> Void)? = nil,
                          copy: (GuestShadowCopies) -> Void = { _ in }) -> GuestBackupReport {
        let errorLogBefore = sqlInstance?.errorLog.count ?? 0
        // What the writer planned for the previous backup must not be reported for this one.
        sqlWriter?.forgetLastBackup()
        let requester = BackupRequester(coordinator: vss, name: name)
        let outcome = requester.run(type: type, volumes: volumeNames, diesAfter: diesAfter, onEvent: onEvent) {
            copy(GuestShadowCopies(snapshots: $0, quiescedDatabases: frozenDatabases))
        }
        return GuestBackupReport(
            outcome: outcome, missingWriters: vss.allWriterStatus.filter { !$0.inMetadata },
            databases: databaseResults(succeeded: outcome.succeeded),
            errorLog: Array((sqlInstance?.errorLog ?? []).dropFirst(errorLogBefore)),
            failureMessage: outcome.failure?.writer == WriterIdentity.sqlServer.name ? sqlWriter?.lastRefusal : nil)
    }

    /// The databases whose I/O SQL Server holds frozen now (see `GuestSystem`).
    public var databasesFrozenNow: Set<String> {
        Set((sqlInstance?.databases ?? []).filter(\.isFrozen).map(\.name))
    }

    /// Every database of the guest, none of them in a backup: what is known of a guest that
    /// took no part in a backup (it was saved, off, or its requester never answered).
    public var databasesOutsideBackup: [DatabaseBackupResult] { databaseResults(succeeded: false) }

    /// The machine powers off in the middle of things: SQL Server stops where it stands (its
    /// frozen databases are not thawed; nothing more is written), the VSS service sends
    /// nothing more, and writes held on its volumes are lost, never having been acknowledged.
    public func powerOff() {
        if let instance = sqlInstance {
            instance.isRunning = false
            for database in instance.databases { database.isFrozen = false }
        }
        vss.powerOff()
    }

    /// The databases the SQL writer held frozen for this backup's snapshot: it records a
    /// database's snapshot backup at Thaw only when it froze it. Empty when the SQL writer
    /// took no part (it failed Identify, say).
    private var frozenDatabases: Set<String> {
        Set((sqlWriter?.lastBackup ?? []).filter { $0.backupSet != nil }.map(\.database))
    }

    /// Every database of the instance, in order: what the writer did with it, and whether it
    /// is in the backup (only when the guest's backup succeeded as a whole).
    func databaseResults(succeeded: Bool) -> [DatabaseBackupResult] {
        guard let instance = sqlInstance else { return [] }
        let planned = sqlWriter?.lastBackup ?? []
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
