import SnapWriter
import HostBackup

/// Reading a scenario for a command: bad input is exit 2 with the parser's located message;
/// a scenario that asks for what this machine or build cannot give is exit 3.
enum ScenarioLoading {
    static func load(_ path: String, seed: UInt64? = nil) throws -> Scenario {
        var scenario: Scenario
        do {
            scenario = try ScenarioParser.load(path: path)
            try ScenarioRunner(scenario: scenario).checkSupported()
        } catch {
            throw CommandExit.badInput(error.description)
        }
        if let seed { scenario.seed = seed }
        try checkEnvironment(scenario)
        return scenario
    }

    static func checkEnvironment(_ scenario: Scenario) throws {
        guard scenario.volumes == .fuse else { return }
        guard FuseAvailability.deviceUsable else {
            throw CommandExit.environment("the scenario asks for FUSE volumes (volumes: fuse) and /dev/fuse cannot be "
                + "opened here; use 'volumes: memory' or run where FUSE works")
        }
        throw CommandExit.environment("the scenario asks for FUSE volumes (volumes: fuse); this build serves memory "
            + "volumes only: use 'volumes: memory' or leave 'volumes' out")
    }
}
