/// A native backup under way: it reads for a while on the scenario clock and records its
/// backupset row when it finishes.
public final class NativeBackupJob {
    public let serverName: String
    public let request: BackupRequest
    public let startedAt: Duration
    public let finishesAt: Duration
    /// The row recorded in msdb, once the backup has finished.
    public internal(set) var backupSet: BackupSet?
    /// Availability group log backups taken on a secondary also hold the primary's backup
    /// lock until they finish (handshake steps 4 to 9).
    let primaryLockServer: String?
    /// The log the backup reads and its first LSN: a full may start the log chain there when
    /// it finishes, so the log keeps it until then (`SQLEngine.truncateLogs()`).
    let log: DatabaseLog
    let firstLsn: LSN
    private let complete: () -> BackupSet

    init(serverName: String, request: BackupRequest, startedAt: Duration, finishesAt: Duration,
         primaryLockServer: String? = nil, log: DatabaseLog, firstLsn: LSN, complete: @escaping () -> BackupSet) {
        self.serverName = serverName
        self.request = request
        self.startedAt = startedAt
        self.finishesAt = finishesAt
        self.primaryLockServer = primaryLockServer
        self.log = log
        self.firstLsn = firstLsn
        self.complete = complete
    }

    public var isFinished: Bool { backupSet != nil }

    func finish() { backupSet = complete() }
}

extension SQLEngine {
    /// Finishes, in the order they started, the backups whose time has come.
    func finishDueBackups() {
        while let index = running.indices.filter({ running[$0].finishesAt <= clock.now })
            .min(by: { running[$0].finishesAt < running[$1].finishesAt })
        {
            let job = running.remove(at: index)
            job.finish()
        }
    }

    /// Lets time pass until a backup has finished.
    public func wait(for job: NativeBackupJob) {
        while !job.isFinished {
            advance(by: max(.zero, job.finishesAt - clock.now))
        }
    }

    /// A backup under way that the new one must wait for: one data backup and one log
    /// backup at a time per database and instance (a log backup may run during a full).
    /// The primary's backup lock, held for a secondary's log backup, also holds off the
    /// primary's own log backups.
    func conflictingJob(for request: BackupRequest, on serverName: String) -> NativeBackupJob? {
        running.first { job in
            guard job.request.database == request.database, job.request.isDataBackup == request.isDataBackup
            else { return false }
            return job.serverName == serverName || (!request.isDataBackup && job.primaryLockServer == serverName)
        }
    }
}
