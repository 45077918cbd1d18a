import SnapWriter

/// One entry of a scenario's `steps:`, run in order on the scenario clock.
public struct Step: Sendable {
    public enum Kind: Sendable {
        case backup(BackupStep)
        case workload(seconds: Double)
        case replica(ReplicaChange)
        case failover(ag: String, to: String)
        case recoveryModel(vm: String, database: String, model: RecoveryModel)
        case corruptPage(vm: String, database: String, page: Int)
        case checkdb(vm: String, database: String)
        /// nil: every host, one after another (the only one of a single-host scenario).
        case hostBackup(host: String?)
        case restartService(vm: String, service: String)
        case patchSql(SQLPatch)
        /// The guest's `VssOption` registry value, which its agent reads at the next freeze.
        case setVssOption(vm: String, value: Int)
    }

    public var kind: Kind
    public var location: SourceLocation?

    public init(kind: Kind, location: SourceLocation?) {
        self.kind = kind
        self.location = location
    }

    /// What the step acts on, for traces: `on VM2`, `AG1 to VM2`.
    public var target: String? {
        switch kind {
        case .backup(let backup): "\(backup.type.rawValue) of \(backup.database) on \(backup.vm)"
        case .workload(let seconds): "for \(seconds) s"
        case .replica(let change): "\(change.vm) in \(change.ag)"
        case .failover(let ag, let to): "\(ag) to \(to)"
        case .recoveryModel(let vm, let database, let model): "\(database) on \(vm) to \(model.rawValue)"
        case .corruptPage(let vm, let database, let page): "page \(page) of \(database) on \(vm)"
        case .checkdb(let vm, let database): "\(database) on \(vm)"
        case .hostBackup(let host): host
        case .restartService(let vm, let service): "\(service) on \(vm)"
        case .patchSql(let patch): "\(patch.vm) to \(patch.label)"
        case .setVssOption(let vm, let value): "\(vm) to \(value)"
        }
    }

    /// The key the step is written with in a scenario file.
    public var keyword: String {
        switch kind {
        case .backup: "backup"
        case .workload: "workload"
        case .replica: "replica"
        case .failover: "failover"
        case .recoveryModel: "recoveryModel"
        case .corruptPage: "corruptPage"
        case .checkdb: "checkdb"
        case .hostBackup: "hostBackup"
        case .restartService: "restartService"
        case .patchSql: "patchSql"
        case .setVssOption: "setVssOption"
        }
    }
}

/// A native BACKUP statement run on one replica.
public struct BackupStep: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case full, differential, log }

    public var vm: String
    public var database: String
    public var type: Kind
    public var copyOnly = false
    public var onlyIfPreferred = false
    /// False: the backup runs on while the following steps let time pass.
    public var wait = true
    /// Issued inside BEGIN TRANSACTION, which SQL Server refuses (Msg 3021).
    public var inTransaction = false

    public init(vm: String, database: String, type: Kind) {
        self.vm = vm
        self.database = database
        self.type = type
    }
}

/// A change to one replica's synchronization, connection or redo lag; nil leaves it as it is.
public struct ReplicaChange: Sendable {
    public var ag: String
    public var vm: String
    public var synchronizationState: SynchronizationState?
    public var connected: Bool?
    public var redoLagSeconds: Double?

    public init(ag: String, vm: String) {
        self.ag = ag
        self.vm = vm
    }
}
