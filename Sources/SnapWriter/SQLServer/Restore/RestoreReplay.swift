/// Replays exactly the RESTORE sequence a person gives, WITH NORECOVERY each, and stops at
/// the first backup RESTORE refuses, with the messages SQL Server prints for it.
public enum RestoreReplay {
    public static func replay(_ sequence: [BackupSet], database: String) -> RestorePlan {
        var state = RestoreState()
        var applied: [BackupSet] = []
        for backup in sequence {
            do {
                try state.restore(backup)
            } catch {
                return RestorePlan(
                    mode: .apply, database: database, sequence: applied, restoredTo: state.redoPoint, error: error)
            }
            applied.append(backup)
        }
        return RestorePlan(
            mode: .apply, database: database, sequence: applied, restoredTo: state.redoPoint,
            error: applied.isEmpty ? .explanation("No backup to restore.") : nil)
    }
}
