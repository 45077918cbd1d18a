import Foundation

/// The T-SQL that restores one backup set, as a restore plan prints it for a person to run.
public enum RestoreStatement {
    /// The statement that restores a backup type: it also names the statement in Msg 3013.
    public enum Kind: String, Sendable {
        case database = "RESTORE DATABASE"
        case log = "RESTORE LOG"

        /// nil for file and partial backups, whose piecemeal restores SnapWriter does not model.
        public init?(_ type: BackupSet.Kind) {
            switch type {
            case .database, .differential: self = .database
            case .log: self = .log
            case .file, .fileDifferential, .partial, .partialDifferential: return nil
            }
        }
    }

    /// `RESTORE LOG [Sales] FROM DISK = N'…' WITH NORECOVERY`. With `recover`, the statement
    /// ends the sequence (WITH RECOVERY); `stopBefore` rolls forward only the log records
    /// before that LSN, which is what a redo point P means.
    public static func text(
        restoring backup: BackupSet, into database: String, recover: Bool = false, stopBefore: LSN? = nil
    ) -> String {
        let statement = Kind(backup.type)?.rawValue ?? "RESTORE DATABASE"
        var options: [String] = []
        if let stopBefore { options.append("STOPBEFOREMARK = N'lsn:\(stopBefore.numeric)'") }
        options.append(recover ? "RECOVERY" : "NORECOVERY")
        return "\(statement) \(quotedName(database)) FROM \(device(of: backup)) WITH "
            + options.joined(separator: ", ")
    }

    /// backupmediafamily.device_type: 2 disk, 5 tape, 7 virtual device (VSS), 9 URL.
    static func device(of backup: BackupSet) -> String {
        guard let name = backup.physicalDeviceName else { return "<backup_set_id \(backup.backupSetId)>" }
        let kind =
            switch backup.deviceType {
            case 5: "TAPE"
            case BackupSet.DeviceType.virtualDevice: "VIRTUAL_DEVICE"
            case 9: "URL"
            default: "DISK"
            }
        return "\(kind) = N'\(name.replacingOccurrences(of: "'", with: "''"))'"
    }

    static func quotedName(_ name: String) -> String {
        "[" + name.replacingOccurrences(of: "]", with: "]]") + "]"
    }
}
