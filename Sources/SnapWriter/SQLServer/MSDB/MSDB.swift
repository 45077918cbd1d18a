import GRDB

/// msdb's backup history of one instance, in a real SQLite database (in memory while the
/// run lasts; `MSDBFile` writes the union of every replica's to disk).
public final class MSDB {
    private let queue: DatabaseQueue
    private let numbering: BackupSetNumbering
    /// The rows as last read, until the next is recorded: a fleet's end state and every
    /// recovery point ask each instance for its rows once per database, which would
    /// otherwise read the whole table each time.
    private var readRows: [BackupSet]?

    public init(numbering: BackupSetNumbering) {
        self.numbering = numbering
        do {
            queue = try DatabaseQueue()
            try queue.write { try MSDBSchema.create(in: $0) }
        } catch {
            // An in-memory database with a fixed schema only fails when SQLite itself is broken.
            fatalError("msdb: cannot create the in-memory SQLite database: \(error)")
        }
    }

    /// Records a row, giving it the next backup_set_id.
    @discardableResult
    public func record(_ row: BackupSet) -> BackupSet {
        var row = row
        row.backupSetId = numbering.take()
        readRows = nil
        do {
            try queue.write { try MSDBSchema.insert(row, in: $0) }
        } catch {
            fatalError("msdb: cannot record backup_set_id \(row.backupSetId): \(error)")
        }
        return row
    }

    /// Every row, in backup_set_id order.
    public var backupSets: [BackupSet] {
        if let readRows { return readRows }
        do {
            let rows = try queue.read { try MSDBSchema.fetchAll(in: $0) }
            readRows = rows
            return rows
        } catch {
            fatalError("msdb: cannot read backupset: \(error)")
        }
    }
}

/// Writes backup history rows into an msdb-shaped SQLite file.
public enum MSDBFile {
    public static func write(_ rows: [BackupSet], to path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try MSDBSchema.create(in: db)
            try db.execute(sql: "DELETE FROM backupset; DELETE FROM backupmediafamily;")
            for row in rows { try MSDBSchema.insert(row, in: db) }
        }
    }
}
