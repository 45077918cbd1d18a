import HostBackup

/// What every route reaches: the world's actor, the host backups started by requests, and
/// the scenario (a value: names can be checked without the world).
public final class ServeContext: Sendable {
    let world: WorldActor
    let jobs = BackupJobs()
    let scenario: Scenario

    init(world: WorldActor) {
        self.world = world
        scenario = world.scenario
    }
}
