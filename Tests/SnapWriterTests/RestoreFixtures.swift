@testable import SnapWriter

/// Backup rows for restore tests, on one database. LSNs are `at(n)` = 40:n:1, so the
/// numbers in a test read as positions in one log and their numeric form is 40…n…1.
enum Fixture {
    static let database = "Sales"
    static let forkA = "11111111-1111-1111-1111-111111111111"
    static let forkB = "22222222-2222-2222-2222-222222222222"

    static func at(_ block: UInt32) -> LSN { LSN(vlf: 40, block: block, slot: 1) }

    static func full(
        _ id: Int, first: UInt32, checkpoint: UInt32? = nil, last: UInt32, copyOnly: Bool = false,
        previousFull: UInt32? = nil, fork: String? = nil, baseGuid: String? = nil
    ) -> BackupSet {
        BackupSet(
            backupSetId: id, databaseName: database, type: .database, firstLsn: at(first), lastLsn: at(last),
            isCopyOnly: copyOnly, checkpointLsn: at(checkpoint ?? first), databaseBackupLsn: previousFull.map(at),
            differentialBaseGuid: baseGuid, firstRecoveryForkGuid: fork, lastRecoveryForkGuid: fork)
    }

    static func differential(
        _ id: Int, base: UInt32, first: UInt32, last: UInt32, baseGuid: String? = nil, fork: String? = nil
    ) -> BackupSet {
        BackupSet(
            backupSetId: id, databaseName: database, type: .differential, firstLsn: at(first), lastLsn: at(last),
            isCopyOnly: false, checkpointLsn: at(first), databaseBackupLsn: at(base), differentialBaseLsn: at(base),
            differentialBaseGuid: baseGuid, firstRecoveryForkGuid: fork, lastRecoveryForkGuid: fork)
    }

    static func log(
        _ id: Int, first: UInt32, last: UInt32, lastFull: UInt32? = nil, fork: String? = nil,
        toFork: String? = nil, forkPoint: UInt32? = nil, server: String? = nil
    ) -> BackupSet {
        BackupSet(
            backupSetId: id, databaseName: database, type: .log, firstLsn: at(first), lastLsn: at(last),
            serverName: server, isCopyOnly: false, databaseBackupLsn: lastFull.map(at),
            firstRecoveryForkGuid: fork, lastRecoveryForkGuid: toFork ?? fork, forkPointLsn: forkPoint.map(at))
    }

    static func plan(_ backups: [BackupSet], stopAt: LSN? = nil) -> RestorePlan {
        RestorePlanner(history: BackupHistory(backups), database: database).plan(stopAt: stopAt)
    }

    static func replay(_ backups: [BackupSet]) -> RestorePlan {
        RestoreReplay.replay(backups, database: database)
    }
}

extension RestorePlan {
    var ids: [Int] { sequence.map(\.backupSetId) }
}
