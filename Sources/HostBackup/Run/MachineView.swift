import SnapWriter

/// What `vssadmin` shows on one machine (a guest, or a host) after a scenario has run up to a
/// step: its writers as GatherWriterStatus reports them between backups, the state the last
/// session left (reference §3).
public struct MachineView {
    /// The VM, or the host when none was named.
    public let machine: String
    /// The step the scenario ran up to, inclusive; nil: all of it (its schedule too).
    public let afterStep: Int?
    public let writers: [WriterStatus]
    /// The shadow copy providers registered on the machine, Windows' own first.
    public let providers: [ShadowCopyProvider]

    /// Runs `scenario` on memory volumes (a writer's state does not depend on where its
    /// volume lives) up to `afterStep` and takes the view of `vm` (nil: the first host).
    /// Refuses an unknown VM or step with the names and range allowed.
    public static func take(_ scenario: Scenario, vm: String?, afterStep: Int?) throws(MachineViewError) -> MachineView {
        do {
            _ = try FaceTarget(scenario, vm: vm, afterStep: afterStep)
        } catch {
            switch error {
            case .badInput(let message): throw .badInput(message)
            case .environment(let message): throw .environment(message)
            }
        }
        let world: World
        do {
            if let afterStep {
                let live = try LiveWorld(scenario: scenario)
                defer { live.close() }
                for step in scenario.steps[...afterStep] { live.perform(step) }
                live.finishRunningBackups()
                world = live.world
            } else {
                world = try ScenarioRunner(scenario: scenario).runKeepingWorld().world
            }
        } catch {
            switch error {
            case .scenario(let refusal): throw .badInput(refusal.description)
            case .environment(let reason): throw .environment(reason)
            }
        }
        let coordinator = vm.flatMap { world.vm(named: $0)?.vss } ?? world.host.vss
        return MachineView(machine: vm ?? world.host.name, afterStep: afterStep, writers: coordinator.writerStatus,
                           providers: coordinator.providers)
    }
}

/// Why a machine's view could not be taken: bad input (exit 2) or the machine (exit 3).
public enum MachineViewError: Error, Sendable {
    case badInput(String)
    case environment(String)
}
