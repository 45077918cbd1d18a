import HostBackup

/// Reading a scenario for a command: bad input is exit 2 with the parser's located message.
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
        return scenario
    }
}
