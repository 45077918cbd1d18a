/// The backupset rows of every replica, unioned: each replica's msdb holds only the backups
/// taken there, so only the union shows the whole log chain.
public struct BackupHistory: Sendable, Equatable {
    public let backups: [BackupSet]

    public init(_ backups: [BackupSet]) {
        self.backups = backups
    }

    /// Every database_name in the history, sorted.
    public var databaseNames: [String] {
        Set(backups.map(\.databaseName)).sorted()
    }

    public func backups(of database: String) -> [BackupSet] {
        backups.filter { $0.databaseName == database }
    }

    /// The database a command is about: the one it names, or the only one there is.
    public func database(named requested: String?) throws(BackupHistoryError) -> String {
        let names = databaseNames
        let listed = names.map { "\"\($0)\"" }.joined(separator: ", ")
        if let requested {
            guard names.contains(requested) else {
                throw BackupHistoryError(
                    message: names.isEmpty
                        ? "holds no backups, so none of database \"\(requested)\""
                        : "holds no backups of database \"\(requested)\"; allowed: --database with one of \(listed)")
            }
            return requested
        }
        switch names.count {
        case 0: throw BackupHistoryError(message: "holds no backups; allowed: a JSON array of backupset objects")
        case 1: return names[0]
        default:
            throw BackupHistoryError(
                message: "holds backups of \(names.count) databases; allowed: --database with one of \(listed)")
        }
    }

    /// The backups an explicit RESTORE sequence names, in the order given. Each must be in the
    /// history, be a database, differential or log backup, and belong to one database.
    public func sequence(ids: [Int], database requested: String?) throws(BackupHistoryError) -> (database: String, backups: [BackupSet]) {
        guard !ids.isEmpty else {
            throw BackupHistoryError(message: "no backup to restore; allowed: one or more backup_set_ids")
        }
        var byId: [Int: BackupSet] = [:]
        for backup in backups where byId[backup.backupSetId] == nil { byId[backup.backupSetId] = backup }
        var sequence: [BackupSet] = []
        for id in ids {
            guard let backup = byId[id] else {
                throw BackupHistoryError(
                    message: "has no backup with backup_set_id \(id); allowed: a backup_set_id from the history")
            }
            guard [.database, .differential, .log].contains(backup.type) else {
                throw BackupHistoryError(
                    message: "backup_set_id \(id) is a \(backup.type.name) backup (type \(backup.type.rawValue)); "
                        + "allowed: database (D), differential (I) and log (L) backups")
            }
            let database = requested ?? sequence.first?.databaseName ?? backup.databaseName
            guard backup.databaseName == database else {
                throw BackupHistoryError(
                    message: "backup_set_id \(id) is a backup of database \"\(backup.databaseName)\", "
                        + "not \"\(database)\"; allowed: backups of one database")
            }
            sequence.append(backup)
        }
        return (requested ?? sequence[0].databaseName, sequence)
    }
}
