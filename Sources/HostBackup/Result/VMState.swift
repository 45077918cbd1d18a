import SnapWriter

/// One VM at the end of a run: how the host would back it up now, whether its machine
/// stopped, its guest's writers, and its SQL Server instance.
public struct VMState {
    public var name: String
    public var backupMethod: BackupMethod
    /// The guest stopped during the run (a VM stop fault).
    public var isPoweredOff: Bool
    /// The guest's writers as `vssadmin list writers` shows them (those in metadata).
    public var writers: [WriterStatus]
    /// Every writer, those that vanished after failing Identify included.
    public var allWriters: [WriterStatus]
    /// Every change of the guest writers' states, in order.
    public var transitions: [WriterTransition]
    public var sql: InstanceState?

    public init(name: String, backupMethod: BackupMethod, isPoweredOff: Bool, writers: [WriterStatus],
                allWriters: [WriterStatus], transitions: [WriterTransition], sql: InstanceState?) {
        self.name = name
        self.backupMethod = backupMethod
        self.isPoweredOff = isPoweredOff
        self.writers = writers
        self.allWriters = allWriters
        self.transitions = transitions
        self.sql = sql
    }
}
