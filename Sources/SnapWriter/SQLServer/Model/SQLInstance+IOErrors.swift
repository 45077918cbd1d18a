/// How an instance reacts when the operating system fails its I/O (docs/fidelity.md V-rows):
/// a failed write to a database's data file is Msg 823, to its log file Msg 17053 and 9001;
/// either way the database cannot go on and is marked SUSPECT (Msg 3414). A failed read is
/// Msg 823 for the statement that read; the database stays online.
extension SQLInstance {
    /// Collects the failed I/O of the instance's volume and applies it to the databases
    /// whose files it hit; returns the failed reads, for the statement that issued them.
    @discardableResult
    public func absorbIOFailures() -> [VolumeIOFailure] {
        guard let volume = databases.lazy.compactMap(\.files).first?.volume else { return [] }
        var failedReads: [VolumeIOFailure] = []
        for failure in volume.takeIOFailures() {
            guard let (database, files) = databaseOwning(failure.path) else { continue }
            let isLog = failure.path == files.logPath
            let file = isLog ? files.windowsLogPath : files.windowsDataPath
            var messages: [SQLMessage] = []
            if failure.direction == .read {
                failedReads.append(failure)
                messages.append(IOErrorMessages.operatingSystemError(failure.error, direction: .read,
                                                                     offset: failure.offset, file: file))
            } else if isLog {
                messages += [IOErrorMessages.logWriterError(failure.error), IOErrorMessages.logNotAvailable(database: database.name)]
            } else {
                messages.append(IOErrorMessages.operatingSystemError(failure.error, direction: .write,
                                                                     offset: failure.offset, file: file))
            }
            for message in messages {
                logError(message.line)
                trace?.record(traceScope, "IOError", message.line)
            }
            if failure.direction == .write, database.state == .online {
                database.state = .suspect
                let message = IOErrorMessages.recoveryFailed(database: database.name, databaseId: databaseId(of: database))
                logError(message.line)
                trace?.record(traceScope, "DatabaseSuspect", "\(database.name): " + message.line)
            }
        }
        return failedReads
    }

    /// DB_ID as this instance numbers its user databases: from 5, in the order they were created.
    public func databaseId(of database: SQLDatabase) -> Int {
        5 + (databases.firstIndex { $0 === database } ?? 0)
    }

    private func databaseOwning(_ path: String) -> (SQLDatabase, DatabaseFiles)? {
        for database in databases {
            guard let files = database.files else { continue }
            if path == files.dataPath || path == files.logPath { return (database, files) }
        }
        return nil
    }
}
