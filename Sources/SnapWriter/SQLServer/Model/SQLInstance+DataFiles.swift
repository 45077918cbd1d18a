/// Where an instance's databases keep their pages and log: one data file and one log file
/// each, on the guest's `D:` volume.
extension SQLInstance {
    /// Creates the files of every database that has none yet on `volume`.
    public func createDataFiles(on volume: any FileVolume) {
        for database in databases where database.files == nil {
            database.files = DatabaseFiles(database: database.name, log: database.log, sizeMiB: database.sizeMiB,
                                           volume: volume)
        }
    }

    /// Brings every database's files up to where this copy stands in its log: the end of the
    /// log on a primary or standalone database, what it has hardened and redone on a
    /// secondary. An instance that is not running writes nothing, nor does a SUSPECT
    /// database. I/O that failed on the way is applied afterwards.
    public func syncDataFiles() {
        guard isRunning else { return }
        for database in databases where database.state == .online {
            guard let files = database.files else { continue }
            let log = database.log
            if role(of: database.name) == .secondary {
                files.catchUp(with: log, hardenedTo: database.progress.hardened, redoneTo: database.progress.redone,
                              writingBodies: writesLogBlockBodies)
            } else {
                files.catchUp(with: log, hardenedTo: log.bytesWritten, redoneTo: log.bytesWritten,
                              writingBodies: writesLogBlockBodies)
            }
        }
        absorbIOFailures()
    }
}
