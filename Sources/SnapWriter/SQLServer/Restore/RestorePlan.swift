/// What `chain` reports for one database: a RESTORE sequence, the point it reaches, and the
/// error that keeps it from its goal. Planned or replayed, `sequence` holds only backups
/// that apply cleanly, and `restoredTo` is the point they reach.
public struct RestorePlan: Sendable, Equatable {
    public enum Mode: String, Sendable {
        /// Planned from the history: to the latest restorable point, or to `stopAt`.
        case plan
        /// Exactly the sequence given, replayed as RESTORE would run it.
        case apply
    }

    public let mode: Mode
    public let database: String
    public let sequence: [BackupSet]
    /// The redo point `sequence` reaches; `stopAt` when the plan stops there.
    public let restoredTo: LSN?
    public let stopAt: LSN?
    public let error: RestoreError?
    /// For a restorable plan that stops short of later log backups: the error the next of
    /// them raises, so a gap in the chain is seen rather than silently restored around.
    public let warning: RestoreError?

    public init(
        mode: Mode, database: String, sequence: [BackupSet], restoredTo: LSN?, stopAt: LSN? = nil,
        error: RestoreError? = nil, warning: RestoreError? = nil
    ) {
        self.mode = mode
        self.database = database
        self.sequence = sequence
        self.restoredTo = restoredTo
        self.stopAt = stopAt
        self.error = error
        self.warning = warning
    }

    public var restorable: Bool { error == nil && !sequence.isEmpty }

    /// The RESTORE statement of each backup in `sequence`. A restorable plan recovers with
    /// its last one (stopping before `stopAt` when that falls inside it); a replay, or a
    /// sequence cut short, leaves the database RESTORING.
    public var statements: [String] {
        sequence.enumerated().map { index, backup in
            let recovers = mode == .plan && restorable && index == sequence.count - 1
            let stopBefore = recovers ? stopAt.flatMap { $0 < backup.lastLsn ? $0 : nil } : nil
            return RestoreStatement.text(
                restoring: backup, into: database, recover: recovers, stopBefore: stopBefore)
        }
    }

    /// The `snapwriter.chain/1` document.
    public var json: JSONValue {
        let steps = zip(sequence, statements).map { backup, statement in
            JSONValue.object([
                ("backup_set_id", .int(backup.backupSetId)),
                ("type", .string(backup.type.rawValue)),
                ("is_copy_only", .optional(backup.isCopyOnly)),
                ("server_name", .optional(backup.serverName)),
                ("first_lsn", .string(backup.firstLsn.numeric)),
                ("last_lsn", .string(backup.lastLsn.numeric)),
                ("statement", .string(statement)),
            ])
        }
        return .object([
            ("schema", .string("snapwriter.chain/1")),
            ("database", .string(database)),
            ("restorable", .bool(restorable)),
            ("sequence", .array(sequence.map { .int($0.backupSetId) })),
            ("restoredToLsn", .optional(restoredTo?.numeric)),
            ("error", error?.json ?? .null),
            ("mode", .string(mode.rawValue)),
            ("stopAtLsn", .optional(stopAt?.numeric)),
            ("warning", warning?.json ?? .null),
            ("steps", .array(steps)),
        ])
    }
}
