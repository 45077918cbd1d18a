import SnapWriter

/// A run's world as it stood when the run ended, in values: the host's and every VM's
/// writers, each SQL Server instance and database, how far the backups restore each
/// database, every replica's msdb rows and the whole trace.
public struct WorldState {
    public var volumes: Scenario.VolumeKind
    /// Every host, in the scenario's order.
    public var hosts: [HostState]
    /// The first host: the only one of a single-host scenario.
    public var host: HostState { hosts[0] }
    /// Every VM of every host, host after host.
    public var vms: [VMState]
    /// One entry per database (an availability group database once), in VM order.
    public var recoveryPoints: [RecoveryPoint]
    /// Every replica's msdb rows, in backup_set_id order: the input of `chain`.
    public var history: [BackupSet]
    public var events: [TraceEvent]

    public init(volumes: Scenario.VolumeKind, hosts: [HostState], vms: [VMState], recoveryPoints: [RecoveryPoint],
                history: [BackupSet], events: [TraceEvent]) {
        self.volumes = volumes
        self.hosts = hosts
        self.vms = vms
        self.recoveryPoints = recoveryPoints
        self.history = history
        self.events = events
    }

    public func vm(named name: String) -> VMState? { vms.first { $0.name == name } }

    /// The SQL Server instance of a VM, if it has one.
    public func instance(on vm: String) -> InstanceState? { self.vm(named: vm)?.sql }
}

/// The host at the end of a run: its writers as `vssadmin list writers` shows them and
/// every change of their states.
public struct HostState {
    public var name: String
    public var writers: [WriterStatus]
    public var transitions: [WriterTransition]

    public init(name: String, writers: [WriterStatus], transitions: [WriterTransition]) {
        self.name = name
        self.writers = writers
        self.transitions = transitions
    }
}
