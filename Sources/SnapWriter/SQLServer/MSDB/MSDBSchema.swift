import GRDB

/// msdb's `backupset` and `backupmediafamily` tables, by SQL Server's column names. LSNs are
/// numeric(25,0) in SQL Server, past SQLite's 64-bit integers, so they are kept as their
/// decimal text; booleans (bit) as 0/1.
enum MSDBSchema {
    static func create(in db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS backupmediafamily (
                media_set_id INTEGER NOT NULL,
                family_sequence_number INTEGER NOT NULL DEFAULT 1,
                device_type INTEGER,
                physical_device_name TEXT,
                PRIMARY KEY (media_set_id, family_sequence_number)
            );
            CREATE TABLE IF NOT EXISTS backupset (
                backup_set_id INTEGER PRIMARY KEY,
                media_set_id INTEGER NOT NULL,
                database_name TEXT NOT NULL,
                server_name TEXT,
                machine_name TEXT,
                type TEXT NOT NULL,
                is_copy_only INTEGER,
                is_snapshot INTEGER,
                first_lsn TEXT NOT NULL,
                last_lsn TEXT NOT NULL,
                checkpoint_lsn TEXT,
                database_backup_lsn TEXT,
                differential_base_lsn TEXT,
                differential_base_guid TEXT,
                first_recovery_fork_guid TEXT,
                last_recovery_fork_guid TEXT,
                fork_point_lsn TEXT,
                begins_log_chain INTEGER,
                backup_start_date TEXT,
                backup_finish_date TEXT,
                database_guid TEXT,
                family_guid TEXT,
                recovery_model TEXT
            );
            """)
    }

    static func insert(_ row: BackupSet, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO backupmediafamily (media_set_id, device_type, physical_device_name) VALUES (?, ?, ?)",
            arguments: [row.backupSetId, row.deviceType, row.physicalDeviceName])
        try db.execute(
            sql: """
                INSERT INTO backupset (backup_set_id, media_set_id, database_name, server_name, machine_name, type,
                    is_copy_only, is_snapshot, first_lsn, last_lsn, checkpoint_lsn, database_backup_lsn,
                    differential_base_lsn, differential_base_guid, first_recovery_fork_guid, last_recovery_fork_guid,
                    fork_point_lsn, begins_log_chain, backup_start_date, backup_finish_date, database_guid, family_guid,
                    recovery_model)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                row.backupSetId, row.backupSetId, row.databaseName, row.serverName, row.machineName, row.type.rawValue,
                row.isCopyOnly, row.isSnapshot, row.firstLsn.numeric, row.lastLsn.numeric, row.checkpointLsn?.numeric,
                row.databaseBackupLsn?.numeric, row.differentialBaseLsn?.numeric, row.differentialBaseGuid,
                row.firstRecoveryForkGuid, row.lastRecoveryForkGuid, row.forkPointLsn?.numeric, row.beginsLogChain,
                row.backupStartDate, row.backupFinishDate, row.databaseGuid, row.familyGuid, row.recoveryModel,
            ])
    }

    static func fetchAll(in db: Database) throws -> [BackupSet] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT b.*, m.device_type, m.physical_device_name FROM backupset b
            JOIN backupmediafamily m ON m.media_set_id = b.media_set_id ORDER BY b.backup_set_id
            """)
        return rows.map { row in
            func lsn(_ column: String) -> LSN? { (row[column] as String?).flatMap { LSN(parsing: $0) } }
            var set = BackupSet(
                backupSetId: row["backup_set_id"], databaseName: row["database_name"],
                type: BackupSet.Kind(rawValue: row["type"]) ?? .database,
                firstLsn: lsn("first_lsn") ?? .zero, lastLsn: lsn("last_lsn") ?? .zero)
            set.serverName = row["server_name"]
            set.machineName = row["machine_name"]
            set.isCopyOnly = row["is_copy_only"]
            set.isSnapshot = row["is_snapshot"]
            set.checkpointLsn = lsn("checkpoint_lsn")
            set.databaseBackupLsn = lsn("database_backup_lsn")
            set.differentialBaseLsn = lsn("differential_base_lsn")
            set.differentialBaseGuid = row["differential_base_guid"]
            set.firstRecoveryForkGuid = row["first_recovery_fork_guid"]
            set.lastRecoveryForkGuid = row["last_recovery_fork_guid"]
            set.forkPointLsn = lsn("fork_point_lsn")
            set.beginsLogChain = row["begins_log_chain"]
            set.backupStartDate = row["backup_start_date"]
            set.backupFinishDate = row["backup_finish_date"]
            set.deviceType = row["device_type"]
            set.physicalDeviceName = row["physical_device_name"]
            set.databaseGuid = row["database_guid"]
            set.familyGuid = row["family_guid"]
            set.recoveryModel = row["recovery_model"]
            return set
        }
    }
}
