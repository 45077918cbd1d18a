import SnapWriter

/// A `backup` step: a maintenance job's BACKUP statement on one replica. With
/// `onlyIfPreferred` the job first asks sys.fn_hadr_backup_is_preferred_replica and skips
/// the backup when it says 0, as jobs that honour the backup preference do.
struct NativeBackupStep {
    let backup: BackupStep
    let world: World

    func perform(index: Int) -> StepResult {
        var result = StepResult(index: index, kind: "backup", vm: backup.vm, ok: true)
        guard let instance = world.instances[backup.vm] else { return result }
        guard instance.isRunning else {
            result.ok = false
            result.text = "\(backup.vm) is off: its SQL Server instance cannot run BACKUP."
            return result
        }
        if backup.onlyIfPreferred, !instance.isPreferredBackupReplica(backup.database) {
            result.skipped = true
            world.log.record(instance.traceScope, "BackupSkipped",
                             "\(backup.database): sys.fn_hadr_backup_is_preferred_replica returned 0 on \(backup.vm)")
            return result
        }
        let request = BackupRequest(database: backup.database, kind: BackupRequest.Kind(backup.type),
                                    copyOnly: backup.copyOnly, insideTransaction: backup.inTransaction)
        switch world.engine.startBackup(request, on: backup.vm) {
        case .failure(let error):
            result.fail(error)
        case .success(let job):
            if backup.wait {
                world.engine.wait(for: job)
                result.backup = job.backupSet
            } else {
                result.job = job
            }
        }
        return result
    }
}

extension BackupRequest.Kind {
    init(_ kind: BackupStep.Kind) {
        switch kind {
        case .full: self = .full
        case .differential: self = .differential
        case .log: self = .log
        }
    }
}
