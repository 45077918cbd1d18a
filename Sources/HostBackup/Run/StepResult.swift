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
    /// For a hostBackup step: its result.
    public var hostBackup: HostBackupResult?

    public init(index: Int, kind: String, vm: String?, ok: Bool) {
        self.index = index
        self.kind = kind
        self.vm = vm
        self.ok = ok
    }
}
