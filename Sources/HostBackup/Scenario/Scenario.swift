import SnapWriter

/// A validated scenario: every default filled in, every name cross-checked.
public struct Scenario: Sendable {
    public enum ClockKind: String, Sendable, CaseIterable { case virtual, real }
    public enum VolumeKind: String, Sendable, CaseIterable { case fuse, memory }

    public var name: String
    public var seed: UInt64 = 0
    public var clock: ClockKind = .virtual
    /// The Hyper-V hosts, each naming its VMs: one for a file written with `host` and `vms`,
    /// those of `hosts` for a fleet.
    public var hosts = [HostSpec()]
    /// Whether the file wrote `hosts` or `schedule`: a fleet's run document also gives
    /// `hosts`, `jobs` and `fleet`; a single host's stays as it always was.
    public var isFleet = false
    /// nil: FUSE where /dev/fuse works, memory otherwise.
    public var volumes: VolumeKind?
    /// Every VM of every host, host after host, each as its host lists them.
    public var vms: [VMSpec] = []
    public var availabilityGroups: [AvailabilityGroupSpec] = []
    public var workload = WorkloadSpec()
    public var faults: [FaultRule] = []
    public var volumeFaults: [VolumeFaultSpec] = []
    public var hostFaults: [HostFaultRule] = []
    /// Faults of the backup target: image writes that fail with ENOSPC or EIO.
    public var repositoryFaults: [RepositoryFaultRule] = []
    public var steps: [Step] = [Step(kind: .hostBackup(host: nil), location: nil)]
    /// Whether the file wrote `steps:`; without it a run takes the default host backup, and
    /// `serve` runs nothing before it answers.
    public var stepsWritten = false
    public var expect: Expectations?
    /// Days of jobs after the steps, for a fleet.
    public var schedule: Schedule?

    public init(name: String) {
        self.name = name
    }

    public func vm(named name: String) -> VMSpec? { vms.first { $0.name == name } }

    /// The first host: the only one of a single-host scenario, and the scope of the run's own
    /// trace lines (the scenario started, a step started) in a fleet.
    public var host: HostSpec {
        get { hosts[0] }
        set { hosts[0] = newValue }
    }

    public func host(named name: String) -> HostSpec? { hosts.first { $0.name == name } }

    /// The host a VM runs on.
    public func host(ofVM vm: String) -> HostSpec? {
        hosts.count == 1 ? (self.vm(named: vm) == nil ? nil : hosts[0]) : hosts.first { $0.vmNames.contains(vm) }
    }

    /// A host's VMs, in the order written. A single host has every VM, however the scenario
    /// was made (a file, the soak's generator, a test).
    public func vms(of host: HostSpec) -> [VMSpec] {
        hosts.count == 1 ? vms : vms.filter { host.vmNames.contains($0.name) }
    }
}

public struct HostSpec: Sendable {
    public var name = "HV01"
    public var hypervisor: Hypervisor = .hyperV
    public var backupType: BackupType = .full
    /// Its VMs, in the order written, on a fleet of several hosts (`Scenario.vms(of:)`).
    public var vmNames: [String] = []
    public init() {}
}

public struct VMSpec: Sendable {
    public enum PowerState: String, Sendable, CaseIterable { case running, off }

    public var name: String
    public var state: PowerState = .running
    public var backupIntegrationService = true
    public var os: GuestOS = .windows
    /// The QEMU guest agent, on a KVM host; nil: none (the backup is crash-consistent).
    public var guestAgent: GuestAgentSpec?
    public var sql: SQLInstanceSpec?

    public init(name: String) {
        self.name = name
    }
}

public struct SQLInstanceSpec: Sendable {
    public var version: SQLVersion
    public var edition: SQLEdition = .enterprise
    public var collation: Collation = .serverDefault
    public var databases: [DatabaseSpec] = []

    public init(version: SQLVersion) {
        self.version = version
    }
}

public struct DatabaseSpec: Sendable {
    public var name: String
    public var recoveryModel: RecoveryModel = .full
    public var sizeMiB = 16

    public init(name: String) {
        self.name = name
    }
}

public struct AvailabilityGroupSpec: Sendable {
    public var name: String
    public var databases: [String] = []
    public var automatedBackupPreference: BackupPreference = .secondary
    public var replicas: [ReplicaSpec] = []

    public init(name: String) {
        self.name = name
    }
}

public struct ReplicaSpec: Sendable {
    public var vm: String
    public var role: ReplicaRole
    public var availabilityMode: AvailabilityMode = .synchronousCommit
    public var backupPriority = 50
    public var synchronizationState: SynchronizationState = .synchronized
    public var connected = true
    /// log_send_rate towards this replica while it is a secondary.
    public var logSendRateKBps = AvailabilityReplica.defaultLogSendRateKBps
    /// redo_rate of this replica while it is a secondary.
    public var redoRateKBps = AvailabilityReplica.defaultRedoRateKBps

    public init(vm: String, role: ReplicaRole) {
        self.vm = vm
        self.role = role
    }
}

public struct WorkloadSpec: Sendable {
    public var transactionsPerSecond: Double = 50
    public init() {}
}

/// Where in the scenario file a thing was written, for messages about it.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
