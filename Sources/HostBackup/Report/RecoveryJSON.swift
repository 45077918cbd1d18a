import SnapWriter

/// Recovery objectives in the run document: per availability group database and replica,
/// its queues and estimates; per database, how far the backups taken so far restore it.
enum RecoveryJSON {
    static func replica(_ database: DatabaseEndState) -> JSONValue {
        guard let state = database.replica else { return .null }
        return .object([
            ("synchronizationState", .string(state.synchronizationState.sqlName)),
            ("sendQueueKB", .int(state.sendQueueKB)),
            ("redoQueueKB", .int(state.redoQueueKB)),
            ("logSendRateKBps", .double(state.logSendRateKBps)),
            ("redoRateKBps", .double(state.redoRateKBps)),
            ("lastHardenedLsn", .string(state.lastHardenedLsn.numeric)),
            ("lastRedoneLsn", .string(state.lastRedoneLsn.numeric)),
            ("estimatedDataLossSeconds", seconds(state.estimatedDataLossSeconds)),
            ("estimatedRecoveryTimeSeconds", seconds(state.estimatedRecoveryTimeSeconds)),
            ("failoverTarget", .optional(state.failoverTarget)),
            ("achievedRecoveryPointLsn", .optional(database.achievedRecovery.plan.restoredTo?.numeric)),
        ])
    }

    static func recoveryPoint(_ point: RecoveryPoint) -> JSONValue {
        .object([
            ("database", .string(point.database)),
            ("servers", .array(point.servers.map(JSONValue.string))),
            ("databaseGuid", .string(point.databaseGuid)),
            ("restorable", .bool(point.achieved.plan.restorable)),
            ("sequence", .array(point.achieved.plan.sequence.map { .int($0.backupSetId) })),
            ("achievedRecoveryPointLsn", .optional(point.achieved.plan.restoredTo?.numeric)),
            ("endOfLogLsn", .string(point.endOfLog.numeric)),
            ("dataLossSeconds", seconds(point.achieved.dataLossSeconds)),
        ])
    }

    /// Seconds to the millisecond, so reports stay byte-identical across runs.
    static func seconds(_ value: Double?) -> JSONValue {
        value.map { .double(($0 * 1000).rounded() / 1000) } ?? .null
    }
}
