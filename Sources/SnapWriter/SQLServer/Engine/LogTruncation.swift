/// Log truncation: a database's log keeps only the records something can still reach, as a
/// real server's log does once it is backed up, checkpointed and shipped to every replica.
///
/// A record stays while any of these may ask for it or for a position before it:
/// - each copy's data and log files (`DatabaseFiles`), which read the records they have not
///   yet hardened and redone, and the one before;
/// - each secondary's hardened and redone positions, and where the oldest transaction
///   active at each began (a backup or DBCC CHECKDB on the secondary starts there);
/// - the log chain (`lastLogBackupLsn`), where the oldest active transaction began on the
///   primary, and the first LSN of every backup under way (a full starts the chain there).
/// The differential base only needs its position (a differential's size counts the log
/// since it), which the log remembers before its record goes (`rememberOffset(of:)`).
/// Replication's questions by time ask for the last second and the redo lag; before the
/// records kept they can only answer a position at or before every secondary's, which is
/// all the answer is compared with. A restore point is timed from `noteRestorePoint`.
extension SQLEngine {
    /// Lets every log go of the records nothing can reach any more.
    public func truncateLogs() {
        var oldestNeeded: [ObjectIdentifier: (log: DatabaseLog, record: Int)] = [:]
        for instance in instances {
            for database in instance.databases {
                let log = database.log
                var needed = oldestNeeded[ObjectIdentifier(log)]?.record ?? log.recordCount - 1
                if let files = database.files {
                    needed = min(needed, files.hardenedRecords - 1, files.redoneRecords - 1)
                }
                if instance.role(of: database.name) == .secondary {
                    for offset in [database.progress.hardened, database.progress.redone] {
                        let record = log.recordIndex(atOffset: offset)
                        needed = min(needed, record, log.recordIndex(of: log.record(at: record).oldestActive))
                    }
                }
                oldestNeeded[ObjectIdentifier(log)] = (log, needed)
            }
        }
        for job in running {
            let key = ObjectIdentifier(job.log)
            let needed = min(oldestNeeded[key]?.record ?? job.log.recordCount - 1, job.log.recordIndex(of: job.firstLsn))
            oldestNeeded[key] = (job.log, needed)
        }
        for (log, needed) in oldestNeeded.values {
            var oldest = needed
            for lsn in [log.lastLogBackupLsn, log.lastTransactionBegin] {
                if let lsn { oldest = min(oldest, log.recordIndex(of: lsn)) }
            }
            if let base = log.differentialBaseLsn { log.rememberOffset(of: base) }
            log.discardRecords(before: oldest)
        }
    }
}
