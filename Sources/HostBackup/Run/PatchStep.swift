import SnapWriter

/// The `patchSql` step: SQL Server setup installs a build in place on one VM. The instance
/// stops, takes the new build (and collation, when given) and starts again with its
/// databases as they were; then the SQLWriter service restarts, so SqlServerWriter gets a
/// new instance id, loses any failure it was stuck in, and answers by the new build.
struct PatchStep {
    let patch: SQLPatch
    let world: World

    func perform(index: Int) -> StepResult {
        var result = StepResult(index: index, kind: "patchSql", vm: patch.vm, ok: true)
        guard let instance = world.instances[patch.vm], let vm = world.vm(named: patch.vm) else { return result }
        guard instance.isRunning else {
            result.ok = false
            result.text = "\(patch.vm) is off: SQL Server setup cannot run; the instance stays at "
                + "\(instance.version.rawValue)."
            return result
        }
        // The parser refuses a downgrade it can see; this catches one it could not, a step
        // given to a world whose build moved since the file was read.
        guard patch.version >= instance.version else {
            result.ok = false
            result.text = "SQL Server setup refused \(patch.version.rawValue): \(patch.vm) runs "
                + "\(instance.version.rawValue), and SQL Server cannot be downgraded in place."
            return result
        }
        restart(instance)
        _ = vm.vss.restartService(ofWriter: WriterIdentity.sqlServer.name)
        return result
    }

    /// Stops, patches and starts the instance at one instant on the scenario clock: no
    /// workload runs while it is down, so no replica misses log, and every role stays.
    private func restart(_ instance: SQLInstance) {
        let scope = instance.traceScope
        var change = "\(instance.version.rawValue) to \(patch.version.rawValue)"
        if let collation = patch.collation, collation != instance.collation {
            change += ", collation \(instance.collation.name) to \(collation.name)"
        }
        world.log.record(scope, "SqlServerStopped", "setup stops MSSQLSERVER to install \(patch.version.rawValue)")
        instance.isRunning = false
        instance.version = patch.version
        if let collation = patch.collation { instance.collation = collation }
        world.log.record(scope, "SqlServerPatched", change)
        instance.isRunning = true
        let databases = instance.databases.map { database in
            let role = instance.role(of: database.name).map { ", \($0.rawValue)" } ?? ""
            return "\(database.name) \(database.state.rawValue)\(role)"
        }
        world.log.record(scope, "SqlServerStarted", databases.isEmpty ? "no user databases"
                         : "databases: " + databases.joined(separator: "; "))
    }
}
