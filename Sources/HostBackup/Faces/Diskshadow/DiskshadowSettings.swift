import SnapWriter

/// What a diskshadow session remembers between commands until `reset`: the context and
/// options, verbosity, the writers verified and excluded, the volumes and aliases added,
/// and whether `begin backup` made the session a full backup.
struct DiskshadowSettings {
    /// Diskshadow's default context is volatile with writers (VSS_CTX_BACKUP).
    var attributes = ShadowAttributes()
    var options: [String] = []
    var verbose = false
    var metadataFile: String?
    var verified: [(text: String, writerId: String?)] = []
    var excluded: [(text: String, writerId: String)] = []
    /// Volumes added, in order, with the alias each was given.
    var volumes: [(volume: String, alias: String?)] = []
    /// `add alias` and the aliases `create` set, by name as written; looked up in any case.
    var aliases: [(name: String, value: String)] = []
    var inBackup = false

    func alias(_ name: String) -> String? {
        aliases.last { $0.name.lowercased() == name.lowercased() }?.value
    }

    mutating func setAlias(_ name: String, _ value: String) {
        aliases.removeAll { $0.name.lowercased() == name.lowercased() }
        aliases.append((name, value))
    }

    /// The context as `set` lists it.
    var contextName: String {
        if attributes.clientAccessible { return "clientaccessible" }
        return (attributes.persistent ? "persistent" : "volatile") + (attributes.noWriters ? " nowriters" : "")
    }
}
