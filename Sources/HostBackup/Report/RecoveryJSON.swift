import SnapWriter

/// Recovery objectives in the run document: per availability group database and replica,
/// its queues and estimates; per database, how far the backups taken so far restore it.
enum RecoveryJSON {
    static func replica(_ database: SQLDatabase, on instance: SQLInstance, engine: SQLEngine) -> JSONValue {
        guard let state = engine.replicaState(of: database.name, on: instance.serverName) else { return .null }
        let achieved = engine.achievedRecoveryPoint(of: database)
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
            ("achievedRecoveryPointLsn", .optional(achieved.plan.restoredTo?.numeric)),
        ])
    }

    /// One entry per database (an availability group database once), in VM order.
    static func recoveryPoints(_ engine: SQLEngine) -> [JSONValue] {
        var seen = Set<String>()
        var points: [JSONValue] = []
        for instance in engine.instances {
            for database in instance.databases where seen.insert(database.log.databaseGuid).inserted {
                let achieved = engine.achievedRecoveryPoint(of: database)
                let servers = engine.instances.filter { $0.database(named: database.name)?.log === database.log }
                points.append(.object([
                    ("database", .string(database.name)),
                    ("servers", .array(servers.map { .string($0.serverName) })),
                    ("databaseGuid", .string(database.log.databaseGuid)),
                    ("restorable", .bool(achieved.plan.restorable)),
                    ("sequence", .array(achieved.plan.sequence.map { .int($0.backupSetId) })),
                    ("achievedRecoveryPointLsn", .optional(achieved.plan.restoredTo?.numeric)),
                    ("endOfLogLsn", .string(database.log.endOfLog.numeric)),
                    ("dataLossSeconds", seconds(achieved.dataLossSeconds)),
                ]))
            }
        }
        return points
    }

    /// Seconds to the millisecond, so reports stay byte-identical across runs.
    static func seconds(_ value: Double?) -> JSONValue {
        value.map { .double(($0 * 1000).rounded() / 1000) } ?? .null
    }
}
