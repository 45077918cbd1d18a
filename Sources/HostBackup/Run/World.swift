import Foundation
import SnapWriter

/// Everything a scenario describes, built and wired: the hosts, their VMs, the SQL Server
/// instances and availability groups (whose replicas may sit on different hosts), on one
/// clock, one trace and one seed.
public final class World {
    public let scenario: Scenario
    public let clock: SimulationClock
    public let log: EventLog
    /// The hosts, in the scenario's order: Hyper-V hosts, each with its own VSS and host
    /// requestor, and KVM hosts.
    public let hosts: [any BackupHost]
    /// The first host: the only one of a single-host scenario.
    public var host: any BackupHost { hosts[0] }
    /// Each VM's QEMU guest agent, by VM name: what its channel and socket deliver to.
    public let agents: [String: GuestAgent]
    /// Where each VM's agent socket is (`DIR/vms/<VM>/qga.sock`), once whoever runs the
    /// world has opened them.
    public var agentSocketPaths: [String: String] = [:]

    /// A socket client's bytes for `vm`'s agent, through the VM's channel: what the agent
    /// writes back, nothing when its service does not run.
    public func agentBytes(_ bytes: [UInt8], vm: String) -> [UInt8] {
        self.vm(named: vm)?.agentPort?.exchange(bytes) ?? []
    }
    public let numbering = BackupSetNumbering()
    public private(set) var instances: [String: SQLInstance] = [:]
    public private(set) var groups: [String: AvailabilityGroup] = [:]
    /// The SQL Server instances and groups, on the run's clock: native backups, the
    /// workload, replication and failover.
    public let engine: SQLEngine
    private let random: SeededRandom

    /// The guest data volumes: kept alive (mounted) as long as the world.
    public let volumes: GuestVolumes
    /// The scenario's host fault rules, handed to every host backup; how often each fired
    /// counts across the run.
    public internal(set) var hostFaults: HostFaultPlan?
    /// The scenario's repository fault rules, handed to every host backup's image copy; how
    /// often each fired counts across the run.
    public internal(set) var repositoryFaults: RepositoryFaultPlan?
    /// Every writer wrapped for faults, with its VM (nil: the host), so rules can change while
    /// the world lives (`replaceFaults`).
    let faultWriters: FaultWriters

    /// `adjustableFaults`: every writer is wrapped for faults, even without a rule, so that
    /// `replaceFaults` can arm rules later; a run, whose rules never change, leaves it off.
    /// `shard`: this process serves volumes and writes images only for its own hosts.
    public init(scenario: Scenario, clock: SimulationClock? = nil, volumes: GuestVolumes = GuestVolumes.memory,
                adjustableFaults: Bool = false, shard: Shard? = nil) throws(RunError) {
        self.scenario = scenario
        let faultWriters = FaultWriters(always: adjustableFaults)
        self.faultWriters = faultWriters
        self.volumes = volumes
        let clock = clock ?? (scenario.clock == .real ? RealClock() : VirtualClock(startDate: Self.virtualStart(scenario)))
        self.clock = clock
        let log = EventLog(clock: clock)
        self.log = log
        let random = SeededRandom(seed: scenario.seed)
        self.random = random

        let sharedLogs = Self.availabilityGroupLogs(scenario, random: random, clock: clock)
        var vmsByHost: [[GuestVM]] = []
        var instances: [String: SQLInstance] = [:]
        var agents: [String: GuestAgent] = [:]
        for (position, hostSpec) in zip(1..., scenario.hosts) {
            var vms: [GuestVM] = []
            let owned = shard?.owns(hostAt: position) ?? true
            for spec in scenario.vms(of: hostSpec) {
                let vm = try Self.makeVM(spec, scenario: scenario, host: hostSpec, sharedLogs: sharedLogs,
                                         numbering: numbering, clock: clock, log: log, random: random.split("vm/\(spec.name)"),
                                         volumes: volumes, served: owned, faultWriters: faultWriters, agents: &agents)
                if let instance = vm.guest.sqlInstance { instances[spec.name] = instance }
                vms.append(vm)
            }
            vmsByHost.append(vms)
        }
        let vms = vmsByHost.flatMap { $0 }
        var groups: [String: AvailabilityGroup] = [:]
        for spec in scenario.availabilityGroups {
            let isBasic = spec.replicas.contains { scenario.vm(named: $0.vm)?.sql?.edition == .standard }
            let replicas = spec.replicas.map {
                AvailabilityReplica(serverName: $0.vm, role: $0.role, availabilityMode: $0.availabilityMode,
                                    backupPriority: $0.backupPriority,
                                    synchronizationState: $0.role == .primary ? .synchronized : $0.synchronizationState,
                                    // A VM that is off cannot reach its partners.
                                    connected: $0.connected && scenario.vm(named: $0.vm)?.state != .off,
                                    logSendRateKBps: $0.logSendRateKBps,
                                    redoRateKBps: $0.redoRateKBps)
            }
            let group = AvailabilityGroup(name: spec.name, databases: spec.databases,
                                          automatedBackupPreference: spec.automatedBackupPreference,
                                          isBasic: isBasic, replicas: replicas)
            groups[spec.name] = group
            for replica in spec.replicas { instances[replica.vm]?.availabilityGroups.append(group) }
        }
        self.instances = instances
        self.agents = agents
        self.groups = groups
        let engine = SQLEngine(instances: vms.compactMap(\.guest.sqlInstance),
                               groups: scenario.availabilityGroups.compactMap { groups[$0.name] }, clock: clock,
                               log: log, transactionsPerSecond: scenario.workload.transactionsPerSecond)
        // A fleet's week is too long for a block per transaction (fidelity L8); a single host
        // keeps the model its documents were made with.
        engine.groupsCommits = scenario.isFleet
        self.engine = engine

        hostFaults = scenario.hostFaults.isEmpty ? nil : HostFaultPlan(rules: scenario.hostFaults)
        repositoryFaults = scenario.repositoryFaults.isEmpty ? nil : RepositoryFaultPlan(rules: scenario.repositoryFaults)
        hosts = scenario.hosts.enumerated().map { index, spec in
            Self.makeHost(spec, vms: vmsByHost[index], random: Self.hostRandom(random, index: index, name: spec.name),
                          scenario: scenario, clock: clock, log: log, faultWriters: faultWriters,
                          writesImages: shard?.owns(hostAt: index + 1) ?? true)
        }
        self.vms = vms
        self.vmsByName = Dictionary(uniqueKeysWithValues: vms.map { ($0.name, $0) })
    }

    /// A schedule's days start at midnight, so msdb dates a job's backup at the time of day the
    /// job names (plus the few seconds the steps before day 1 took); other runs keep the
    /// fixed start every run has always had.
    private static func virtualStart(_ scenario: Scenario) -> Date {
        scenario.schedule == nil ? VirtualClock.defaultStartDate : VirtualClock.defaultStartDate.addingTimeInterval(-8 * 3600)
    }

    /// Every VM by name, whichever host runs it.
    private let vmsByName: [String: GuestVM]

    public func vm(named name: String) -> GuestVM? { vmsByName[name] }

    public func host(named name: String) -> (any BackupHost)? { hosts.first { $0.name == name } }

    /// The host a VM runs on.
    public func host(of vm: GuestVM) -> (any BackupHost)? { hosts.first { $0.vms.contains { $0 === vm } } }

    /// Every VM of every host, host after host.
    public let vms: [GuestVM]

    /// The first host draws from the seed's own `host/...` streams, so a single-host
    /// scenario's ids are what they always were; every further host from streams of its name.
    private static func hostRandom(_ random: SeededRandom, index: Int, name: String) -> SeededRandom {
        index == 0 ? random : random.split("hosts/\(name)")
    }

    /// A host's VSS with the Hyper-V writer over its VMs and the host's own system writers.
    private static func makeHost(_ spec: HostSpec, vms: [GuestVM], random: SeededRandom, scenario: Scenario,
                                 clock: SimulationClock, log: EventLog, faultWriters: FaultWriters,
                                 writesImages: Bool) -> any BackupHost {
        if spec.hypervisor == .kvm {
            // A Linux host: no VSS writers of its own.
            let hostVSS = VSSCoordinator(scope: spec.name, writers: [], volumes: [], clock: clock, log: log,
                                         random: random.split("host/vss"))
            return KVMHost(name: spec.name, vms: vms, vss: hostVSS, log: log, random: random.split("host/vzdump"),
                           writesImages: writesImages)
        }
        let hyperV = HyperVWriter(vms: vms, log: log, random: random.split("host/hyperv"))
        let hostWriters: [Writer] = [faultWriters.wrap(hyperV, vm: nil, rules: scenario.faults)]
            + WriterIdentity.systemWriters.map {
                faultWriters.wrap(StandardWriter(identity: $0, random: random.split("host/\($0.name)")), vm: nil,
                                  rules: scenario.faults)
            }
        let hostVSS = VSSCoordinator(scope: spec.name, writers: hostWriters, volumes: [MemoryVolume(name: "C:")],
                                     clock: clock, log: log, random: random.split("host/vss"))
        return HyperVHost(name: spec.name, vms: vms, vss: hostVSS, hyperVWriter: hyperV, log: log,
                          writesImages: writesImages)
    }

    /// One log per availability group database, shared by every replica. Keyed by group and
    /// database: two groups on different VMs may each hold a database of the same name.
    private static func availabilityGroupLogs(_ scenario: Scenario, random: SeededRandom, clock: SimulationClock)
        -> [String: DatabaseLog]
    {
        var logs: [String: DatabaseLog] = [:]
        for group in scenario.availabilityGroups {
            for database in group.databases {
                logs["\(group.name)/\(database)"] = DatabaseLog(random: random.split("ag/\(group.name)/\(database)"), recoveryModel: .full,
                                             clock: clock)
            }
        }
        return logs
    }

    private static func makeVM(_ spec: VMSpec, scenario: Scenario, host: HostSpec, sharedLogs: [String: DatabaseLog],
                               numbering: BackupSetNumbering, clock: SimulationClock, log: EventLog,
                               random: SeededRandom, volumes: GuestVolumes, served: Bool,
                               faultWriters: FaultWriters, agents: inout [String: GuestAgent]) throws(RunError) -> GuestVM {
        let hostName = host.name
        if spec.os == .linux {
            return try makeLinuxVM(spec, scenario: scenario, host: host, clock: clock, log: log, random: random,
                                   volumes: volumes, served: served, agents: &agents)
        }
        var instance: SQLInstance?
        var sqlWriter: SQLServerWriter?
        var writers: [Writer] = []
        if let sql = spec.sql {
            let made = SQLInstance(serverName: spec.name, version: sql.version, edition: sql.edition,
                                   collation: sql.collation, numbering: numbering, clock: clock,
                                   traceScope: "\(hostName)/\(spec.name)/MSSQLSERVER")
            for database in sql.databases {
                let group = scenario.availabilityGroups.first {
                    $0.databases.contains(database.name) && $0.replicas.contains { $0.vm == spec.name }
                }
                let databaseLog = group.flatMap { sharedLogs["\($0.name)/\(database.name)"] } ?? DatabaseLog(random: random.split("db/\(database.name)"), recoveryModel: database.recoveryModel,
                                 clock: clock)
                made.attach(SQLDatabase(name: database.name, log: databaseLog, sizeMiB: database.sizeMiB))
            }
            let writer = SQLServerWriter(instance: made, random: random.split("sqlwriter"))
            writers.append(faultWriters.wrap(writer, vm: spec.name, rules: scenario.faults))
            instance = made
            sqlWriter = writer
        }
        writers += WriterIdentity.systemWriters.map {
            faultWriters.wrap(StandardWriter(identity: $0, random: random.split($0.name)), vm: spec.name,
                              rules: scenario.faults)
        }
        let systemVolume = MemoryVolume(name: "C:")
        // Unarmed until the first step: creating the databases' files is never hit. Latency
        // is counted, not slept: the run's clock spends what the model counts (the flush's
        // fsync latency), on the real clock as on the virtual one.
        let faults = VolumeFaultInjector(rules: scenario.volumeFaults.filter { $0.vm == spec.name }.map(\.rule),
                                         random: random.split("volume-faults"), armed: false, sleepsForReal: false)
        let dataVolume = try volumes.makeDataVolume(vm: spec.name, faults: faults, served: served)
        instance?.createDataFiles(on: dataVolume)
        let vss = VSSCoordinator(scope: "\(hostName)/\(spec.name)", writers: writers, volumes: [systemVolume, dataVolume],
                                 clock: clock, log: log, random: random.split("vss"))
        let guest = WindowsGuest(vss: vss, systemVolume: systemVolume, dataVolume: dataVolume, sqlInstance: instance,
                                 sqlWriter: sqlWriter, running: spec.state == .running)
        var agentSystem: WindowsAgentRequester?
        if let agent = spec.guestAgent {
            let requester = WindowsAgentRequester(guest: guest, random: random.split("qemu-ga"))
            requester.vssOption = agent.vssOption
            agentSystem = requester
        }
        return makeGuestVM(spec, host: host, guest: guest, agentSystem: agentSystem,
                           version: WindowsAgentBuild.current.version, clock: clock, agents: &agents)
    }

    /// A Linux VM: `/` and `/data` (where FUSE volumes are served), no SQL Server, no writers.
    private static func makeLinuxVM(_ spec: VMSpec, scenario: Scenario, host: HostSpec, clock: SimulationClock,
                                    log: EventLog, random: SeededRandom, volumes: GuestVolumes, served: Bool,
                                    agents: inout [String: GuestAgent]) throws(RunError) -> GuestVM {
        let faults = VolumeFaultInjector(rules: scenario.volumeFaults.filter { $0.vm == spec.name }.map(\.rule),
                                         random: random.split("volume-faults"), armed: false, sleepsForReal: false)
        let dataVolume = try volumes.makeDataVolume(vm: spec.name, name: "/data", faults: faults, served: served)
        let rootVolume = MemoryVolume(name: "/")
        let vss = VSSCoordinator(scope: "\(host.name)/\(spec.name)", writers: [], volumes: [rootVolume, dataVolume],
                                 clock: clock, log: log, random: random.split("vss"))
        let guest = LinuxGuest(vss: vss, rootVolume: rootVolume, dataVolume: dataVolume)
        let agentSystem = spec.guestAgent.map { _ in LinuxVolumesAgentSystem(mounts: { guest.agentMounts }) }
        return makeGuestVM(spec, host: host, guest: guest, agentSystem: agentSystem, version: GuestAgent.defaultVersion,
                           clock: clock, agents: &agents)
    }

    /// The VM around its guest, with the agent's channel when it has an agent.
    private static func makeGuestVM(_ spec: VMSpec, host: HostSpec, guest: any GuestSystem,
                                    agentSystem: (any GuestAgentSystem)?, version: String, clock: SimulationClock,
                                    agents: inout [String: GuestAgent]) -> GuestVM {
        var port: GuestAgentPort?
        if let agentSystem, let agentSpec = spec.guestAgent {
            // guest-get-time answers the guest's clock, which is the run's.
            let agent = GuestAgent(system: agentSystem, version: version) {
                Int64((clock.startDate.timeIntervalSince1970 + clock.now.milliseconds / 1000) * 1_000_000_000)
            }
            agents[spec.name] = agent
            port = GuestAgentPort(agentRunning: agentSpec.running) { agent.receive($0) }
        }
        return GuestVM(name: spec.name, powerState: spec.state == .running ? .running : .off,
                       hypervisor: host.hypervisor, backupIntegrationService: spec.backupIntegrationService,
                       guest: guest, dataDisk: guest.dataVolume, agentPort: port, agentSystem: agentSystem)
    }

    /// Volume faults fire from now on.
    public func armVolumeFaults() {
        for vm in vms { vm.guest.dataVolume.faults.arm() }
    }

    /// Records the volume faults that fired since the last call, one line per operation,
    /// file and outcome, with how many times.
    public func traceVolumeFaults() {
        for vm in vms {
            var counts: [(key: String, count: Int)] = []
            for hit in vm.guest.dataVolume.faults.takeHits() {
                var key = "\(hit.operation.rawValue) \(hit.path): " + (hit.error?.name ?? "ok")
                if hit.latency > .zero { key += " after \(Int(hit.latency.milliseconds)) ms" }
                if let index = counts.firstIndex(where: { $0.key == key }) {
                    counts[index].count += 1
                } else {
                    counts.append((key, 1))
                }
            }
            for (key, count) in counts {
                log.record("\(vm.vss.scope)/\(vm.guest.dataVolume.name)", "VolumeFault", count == 1 ? key : "\(key) (\(count) times)")
            }
        }
    }

    /// Lets `duration` pass with the workload running: every primary and standalone
    /// database whose I/O is not frozen writes log, and secondaries follow.
    public func runWorkload(for duration: Duration) {
        engine.advance(by: duration)
    }

    /// On a real clock: the workload of the time that passed since it was last written.
    public func catchUpWorkload() {
        engine.catchUp()
    }
}
