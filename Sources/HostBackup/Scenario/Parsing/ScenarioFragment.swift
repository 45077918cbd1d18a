import SnapWriter

/// One piece of a scenario given on its own (a step, a fault rule), read by the same readers
/// as a whole file and checked against the scenario's VMs and groups. Keys in errors are
/// written as if the piece were the first item of its list (`steps[0].backup.type`), so a
/// message reads the same whether the piece came in a file or in a request.
public enum ScenarioFragment {
    /// A step written as in `steps:` (`{"restartService": {"vm": "VM3", "service": "SQLWriter"}}`).
    /// JSON text is YAML, so a request body in JSON is read as it stands.
    public static func step(_ text: String, file: String, in scenario: Scenario) throws(ScenarioError) -> Step {
        let node = try root(text, file: file, path: "steps[0]")
        var topology = topology(scenario)
        return try StepReader.readStep(node, topology: &topology)
    }

    /// One rule written as an item of `faults:`.
    public static func faultRule(_ text: String, file: String, in scenario: Scenario) throws(ScenarioError) -> FaultRules {
        let node = try root(text, file: file, path: "faults[0]")
        var rules = FaultRules()
        try FaultReader.readOne(node, topology: topology(scenario), into: &rules)
        return rules
    }

    private static func root(_ text: String, file: String, path: String) throws(ScenarioError) -> LocatedNode {
        guard let root = try YAMLDocument.root(of: text, file: file) else {
            throw ScenarioError(file: file, line: 1, column: 1, key: path, message: "the body is empty")
        }
        return LocatedNode(node: root.node, path: path, file: file)
    }

    private static func topology(_ scenario: Scenario) -> Topology {
        var topology = Topology(vms: scenario.vms)
        topology.availabilityGroups = scenario.availabilityGroups
        return topology
    }
}
