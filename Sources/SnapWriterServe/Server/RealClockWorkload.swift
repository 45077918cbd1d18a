import ServiceLifecycle

/// On `clock: real` the workload writes continuously, as a database in production does: once
/// a second the world writes the log and data of the time that passed (`changing` does the
/// same before every call), so a freeze holds real writes whenever it comes.
struct RealClockWorkload: Service {
    let world: WorldActor
    static let interval: Duration = .seconds(1)

    func run() async {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: Self.interval)
            await world.catchUpWorkload()
        }
    }
}
