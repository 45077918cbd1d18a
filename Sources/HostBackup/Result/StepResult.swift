import SnapWriter

/// What one step did.
public struct StepResult {
    public var index: Int
    public var kind: String
    public var vm: String?
    public var ok: Bool
    public var skipped = false
    /// The SQL Server error number and text, when the step failed the way SQL Server fails.
    public var msg: Int?
    public var text: String?
    public var backup: BackupSet?
    /// For a checkdb step that ran: what DBCC CHECKDB found and printed.
    public var checkdb: CheckdbResult?
    /// For a hostBackup step: its host backups, one per host it backed up (every host of a
    /// fleet, one after another, when the step names none).
    public var hostBackups: [HostBackupResult] = []
    /// The step's last host backup: its only one on a single host.
    public var hostBackup: HostBackupResult? { hostBackups.last }
    /// A native backup still running when the step ended (`wait: false`).
    var job: NativeBackupJob?

    public init(index: Int, kind: String, vm: String?, ok: Bool) {
        self.index = index
        self.kind = kind
        self.vm = vm
        self.ok = ok
    }
}

extension StepResult {
    /// Fails the step the way SQL Server failed the statement.
    mutating func fail(_ error: SQLError) {
        ok = false
        msg = error.msg
        text = error.text
    }
}
