import SnapWriter

/// Turns a scenario file into a validated `Scenario`, or refuses it with one `ScenarioError` that
/// names the file, line, column and key of the first problem found and what is allowed there.
///
/// Sections are read in the order their names depend on each other (VMs, then availability
/// groups, then faults, steps and expectations, which use both), whatever order the file
/// writes them in; the first error of that reading is the one reported.
public enum ScenarioParser {
    static let topLevelKeys = ["name", "seed", "clock", "host", "hosts", "volumes", "vms", "availabilityGroups",
                               "workload", "faults", "steps", "schedule", "expect"]
    static let hostKeys = ["name", "hypervisor", "backupType"]
    static let workloadKeys = ["transactionsPerSecond"]

    public static func load(path: String) throws(ScenarioError) -> Scenario {
        try parse(ScenarioFile.read(path), file: path)
    }

    /// `file` is only used to name the file in errors and source locations.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        guard let root = try YAMLDocument.root(of: text, file: file) else {
            throw ScenarioError(file: file, line: 1, column: 1, key: nil,
                                message: "the file holds no scenario; it needs at least the keys name and vms")
        }
        let fields = try root.mapping(allowed: topLevelKeys)
        var scenario = Scenario(name: try fields.required("name").name(.scenario))
        if let seed = fields["seed"] { scenario.seed = try seed.unsigned64() }
        if let clock = fields["clock"] { scenario.clock = try clock.choice(Scenario.ClockKind.self) }
        if let volumes = fields["volumes"] { scenario.volumes = try volumes.choice(Scenario.VolumeKind.self) }

        var topology: Topology
        if let hosts = fields["hosts"] {
            for key in ["host", "vms"] {
                if let entry = fields.entries.first(where: { $0.key == key }) {
                    throw fields.keyError(entry, "'\(key)' and 'hosts' exclude each other: a fleet lists each "
                        + "host with its own vms under 'hosts'")
                }
            }
            let (specs, vms) = try HostsReader.read(hosts)
            scenario.hosts = specs
            scenario.isFleet = true
            topology = Topology(vms: vms)
            for host in specs { for vm in host.vmNames { topology.hypervisorsByVM[vm] = host.hypervisor } }
        } else {
            if let host = fields["host"] { scenario.host = try readHost(host) }
            topology = Topology(vms: try VMReader.read(fields.required("vms"), hypervisor: scenario.host.hypervisor))
            if topology.vms.contains(where: { $0.name.lowercased() == scenario.host.name.lowercased() }) {
                throw try fields.required("vms").error("'\(scenario.host.name)' is both the host's and a VM's name; "
                    + "a host and a VM cannot share a computer name")
            }
            scenario.host.vmNames = topology.vms.map(\.name)
        }
        topology.hostNames = scenario.hosts.map(\.name)
        topology.hypervisors = scenario.hosts.map(\.hypervisor)
        if let groups = fields["availabilityGroups"] {
            topology.availabilityGroups = try AvailabilityGroupReader.read(groups, topology: topology)
        }
        scenario.vms = topology.vms
        scenario.availabilityGroups = topology.availabilityGroups

        if let workload = fields["workload"] { scenario.workload = try readWorkload(workload) }
        if let faults = fields["faults"] {
            let read = try FaultReader.read(faults, topology: topology)
            scenario.faults = read.writers
            scenario.volumeFaults = read.volumes
            scenario.hostFaults = read.host
            scenario.repositoryFaults = read.repository
        }
        if let steps = fields["steps"] {
            scenario.steps = try StepReader.read(steps, topology: topology)
            scenario.stepsWritten = true
        }
        if let schedule = fields["schedule"] {
            // Jobs see the topology the steps leave (a patched build), as they run after them.
            for step in scenario.steps { if case .patchSql(let patch) = step.kind { topology.apply(patch) } }
            scenario.schedule = try ScheduleReader.read(schedule, topology: topology)
            scenario.isFleet = true
            // A schedule runs what it lists: no default host backup before it.
            if !scenario.stepsWritten { scenario.steps = [] }
        }
        if let expect = fields["expect"] {
            scenario.expect = try ExpectationReader.read(expect, topology: topology, stepCount: scenario.steps.count,
                                                         schedule: scenario.schedule)
        }
        return scenario
    }

    private static func readHost(_ node: LocatedNode) throws(ScenarioError) -> HostSpec {
        let fields = try node.mapping(allowed: hostKeys)
        var host = HostSpec()
        if let name = fields["name"] { host.name = try name.name(.host) }
        try readHypervisorAndBackupType(fields, into: &host)
        return host
    }

    /// `hypervisor`, then `backupType`, which only a Hyper-V host's requestor asks for.
    static func readHypervisorAndBackupType(_ fields: LocatedMapping, into host: inout HostSpec) throws(ScenarioError) {
        if let hypervisor = fields["hypervisor"] { host.hypervisor = try hypervisor.choice(Hypervisor.self) }
        if let backupType = fields["backupType"] {
            guard host.hypervisor == .hyperV else {
                throw backupType.error("backupType is what a Hyper-V host's requestor asks for; a kvm host's backup "
                    + "has none: the guest agent's VssOption decides what a Windows guest's writers are asked for")
            }
            // choice() accepted only the names BackupType(scenarioName:) knows.
            host.backupType = BackupType(scenarioName: try backupType.choice(BackupType.scenarioNames))!
        }
    }

    private static func readWorkload(_ node: LocatedNode) throws(ScenarioError) -> WorkloadSpec {
        let fields = try node.mapping(allowed: workloadKeys)
        var workload = WorkloadSpec()
        if let rate = fields["transactionsPerSecond"] { workload.transactionsPerSecond = try rate.number(atLeast: 0) }
        return workload
    }
}
