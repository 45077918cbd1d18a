/// Why a restore sequence stops: the message SQL Server raises for the RESTORE that fails,
/// with the Msg 3013 that always follows it. When planning finds nothing to restore, no
/// RESTORE statement fails and SQL Server has no message for it: then `msg` is nil and
/// `text` is SnapWriter's own explanation.
public struct RestoreError: Error, Equatable, Sendable {
    public typealias Message = SQLMessage

    /// SQL Server's message number; nil for SnapWriter's own explanation.
    public let msg: Int?
    public let text: String
    /// Msg 3013, naming the statement that failed.
    public let terminating: Message?
    /// The backup whose RESTORE failed, or that the explanation is about.
    public let backupSetId: Int?

    /// What SQL Server prints, one message a line; the explanation alone when there is no message.
    public var lines: [String] {
        guard let msg else { return [text] }
        return [Message(msg: msg, text: text).line] + (terminating.map { [$0.line] } ?? [])
    }

    public var json: JSONValue {
        let main = msg.map { Message(msg: $0, text: text) }
        return .object([
            ("msg", .optional(main?.msg)),
            ("level", .optional(main?.level)),
            ("state", .optional(main?.state)),
            ("text", .string(text)),
            ("terminating", terminating?.json ?? .null),
            ("backupSetId", .optional(backupSetId)),
        ])
    }

    private init(msg: Int?, text: String, failing backup: BackupSet?) {
        self.msg = msg
        self.text = text
        self.backupSetId = backup?.backupSetId
        let statement = backup.flatMap { RestoreStatement.Kind($0.type) }
        self.terminating =
            if msg != nil, let statement {
                Message(msg: 3013, text: "\(statement.rawValue) is terminating abnormally.")
            } else {
                nil
            }
    }

    /// Msg 3136: a differential over anything but the full it is based on.
    public static func differentialNotOverItsBase(_ differential: BackupSet) -> RestoreError {
        RestoreError(
            msg: 3136,
            text: "This differential backup cannot be restored because the database has not been restored to the correct earlier state.",
            failing: differential)
    }

    /// Msg 4305: the log starts after the redo point P, so a log between them is missing.
    public static func logTooRecent(_ log: BackupSet, redoPoint: LSN) -> RestoreError {
        RestoreError(
            msg: 4305,
            text: "The log in this backup set begins at LSN \(log.firstLsn.numeric), which is too recent to apply to the database. An earlier log backup that includes LSN \(redoPoint.numeric) can be restored.",
            failing: log)
    }

    /// Msg 4326: the log ends at or before the redo point P, so it holds nothing new.
    public static func logTooEarly(_ log: BackupSet, redoPoint: LSN) -> RestoreError {
        RestoreError(
            msg: 4326,
            text: "The log in this backup set terminates at LSN \(log.lastLsn.numeric), which is too early to apply to the database. A more recent log backup that includes LSN \(redoPoint.numeric) can be restored.",
            failing: log)
    }

    /// Msg 4330: the log continues a different recovery fork than the database is on.
    public static func inconsistentRecoveryPath(_ backup: BackupSet) -> RestoreError {
        RestoreError(
            msg: 4330,
            text: "This backup set cannot be applied because it is on a recovery path that is inconsistent with the database. The recovery path is the sequence of data and log backups that have brought the database to a particular recovery point. Find a compatible backup to restore, or restore the rest of the database to match a recovery point within this backup set, which will restore the database to a different point in time. For more information about recovery paths, see SQL Server Books Online.",
            failing: backup)
    }

    /// Msg 3117: a differential or log restored before any full, so nothing is in the
    /// RESTORING state to roll forward.
    public static func nothingToRollForward(_ backup: BackupSet) -> RestoreError {
        RestoreError(
            msg: 3117,
            text: "The log or differential backup cannot be restored because no files are ready to rollforward.",
            failing: backup)
    }

    /// No restore sequence exists; `text` says why in SnapWriter's words.
    public static func explanation(_ text: String, about backup: BackupSet? = nil) -> RestoreError {
        RestoreError(msg: nil, text: text, failing: backup)
    }
}
