import SnapWriter

/// `create` and `end backup`: the shadow copy set of the session, a full backup when
/// `begin backup` came first, otherwise a copy backup without BackupComplete.
extension DiskshadowInterpreter {
    func create() throws(CommandFailure) {
        guard backup == nil else {
            throw CommandFailure(message: "The shadow copy set was already created; use reset to start a new one.")
        }
        guard !settings.volumes.isEmpty else {
            throw CommandFailure(message: "There are no volumes in the Shadow Copy Set: use add volume first.")
        }
        var aliases: [String: String] = [:]
        for (volume, alias) in settings.volumes { if let alias { aliases[volume] = alias } }
        let request = ShadowSetRequest(
            attributes: settings.attributes, backupType: settings.inBackup ? .full : .copy,
            excludedWriterIds: Set(settings.excluded.map { $0.writerId }), verified: settings.verified,
            volumes: settings.volumes.map { $0.volume }, aliases: aliases)
        let backup = ShadowSetBackup(machine: machine, request: request)
        self.backup = backup
        do {
            try backup.create { progress in
                if case .preparingForBackup = progress, settings.verbose { verboseWriters(backup) }
            }
        } catch {
            backup.discardShadows()
            throw CommandFailure(message: Self.message(error))
        }
        created = true
        for (index, shadow) in backup.made.enumerated() {
            let alias = shadow.alias ?? "VSS_SHADOW_\(index + 1)"
            shadow.alias = alias
            settings.setAlias(alias, shadow.id)
            output(DiskshadowText.aliasSet(alias, shadow: shadow.id))
        }
        if let setId = backup.setId {
            settings.setAlias("VSS_SHADOW_SET", setId)
            output(DiskshadowText.setAliasSet(setId))
            output("")
            DiskshadowText.shadowList(backup.made, machine: machine.name,
                                      header: "Querying all shadow copies with the shadow copy set ID \(setId)",
                                      setAlias: true).forEach(output)
        }
    }

    /// With `set verbose on`: which writers take part and which were left out.
    private func verboseWriters(_ backup: ShadowSetBackup) {
        for (text, _) in settings.excluded { output("Excluding writer \"\(text)\", because it was explicitly excluded.") }
        for writer in backup.participants {
            output("* Including writer \"\(writer.name)\":")
            for component in machine.metadata.byWriter[writer.name] ?? [] { output("\t+ Adding component: \(component.fullPath)") }
        }
    }

    static func message(_ failure: ShadowSetFailure) -> String {
        switch failure {
        case .call(let error):
            return "COM call \"\(error.call)\" failed: \(error.hresult.hex.lowercased()) (\(error.hresult.name)): \(error.message)."
        case .notIncluded(let text):
            return "Writer \(text) is not included in the backup: writer verification failed. "
                + "The shadow copy set was not created."
        case .snapshotSet(let code):
            return "The shadow copy set was not created: DoSnapshotSet failed with \(WriterStatusBlock.code(code))."
        case .writersFailed(let writers):
            return (writers.map(DiskshadowText.writerFailed)
                + ["The shadow copy set was not created because a writer failed; see list writers status."])
                .joined(separator: "\n")
        }
    }

    func endBackup() throws(CommandFailure) {
        guard settings.inBackup else { throw CommandFailure(message: "No backup session is in progress: use begin backup first.") }
        settings.inBackup = false
        // A set that was not made has nothing to complete: the writers are not told the
        // backup succeeded.
        guard created, let backup else { return }
        let result = backup.complete()
        guard result.isSuccess else {
            throw CommandFailure(message: "BackupComplete failed with \(WriterStatusBlock.code(result)).")
        }
    }
}
