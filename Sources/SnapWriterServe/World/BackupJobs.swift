import SnapWriter

/// Host backups started by requests, by id (`b1`, `b2`, …). Kept apart from the world's actor
/// so a status request answers `running` at once while the backup holds the world.
actor BackupJobs {
    private var documents: [String: JSONValue] = [:]
    private var issued = 0

    /// A new id, its status `running` until `finish`.
    func start(host: String, type: BackupType) -> String {
        issued += 1
        let id = "b\(issued)"
        documents[id] = .object([("id", .string(id)), ("host", .string(host)), ("type", .string(type.name)),
                                 ("status", .string("running"))])
        return id
    }

    func finish(_ id: String, document: JSONValue) { documents[id] = document }

    func document(_ id: String) -> JSONValue? { documents[id] }

    /// A reset forgets every backup of the world it discards.
    func removeAll() { documents.removeAll() }
}
