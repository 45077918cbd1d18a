/// The transaction log of one database and the backup state SQL Server keeps with it.
/// In an availability group every replica shares this one log: secondaries redo it.
public final class DatabaseLog {
    public let databaseGuid: String
    public private(set) var recoveryForkGuid: String
    public var recoveryModel: RecoveryModel
    /// The LSN the next log record will get.
    public private(set) var endOfLog: LSN
    /// Where the last transaction began: the oldest active one while the workload runs.
    public private(set) var lastTransactionBegin: LSN
    public private(set) var lastCheckpoint: LSN
    /// checkpoint_lsn of the last full backup that was not copy-only (database_backup_lsn).
    public var lastFullCheckpoint: LSN?
    /// The differential base: the checkpoint of the last non-copy-only full and its guid.
    public var differentialBaseLsn: LSN?
    public var differentialBaseGuid: String?
    /// Where the next log backup starts; nil while no log chain exists.
    public var lastLogBackupLsn: LSN?
    /// True until the first log backup after the chain (re)started has been taken.
    public var nextLogBackupBeginsChain = true

    /// Log blocks are counted in 512-byte sectors; a VLF holds this many before the next begins.
    static let sectorsPerVLF: UInt32 = 131_072
    /// The first block offset used in a fresh VLF.
    static let firstBlockInVLF: UInt32 = 0x10

    private var random: SeededRandom
    private var pendingTransactions = 0.0

    public init(random: SeededRandom, recoveryModel: RecoveryModel) {
        var random = random
        databaseGuid = random.guid()
        recoveryForkGuid = random.guid()
        self.recoveryModel = recoveryModel
        let start = LSN(vlf: 32 + UInt32(random.next() % 32), block: 0x90 + UInt32(random.next() % 0x400), slot: 1)
        endOfLog = start
        lastTransactionBegin = start
        lastCheckpoint = start
        self.random = random
    }

    /// Writes `count` transactions: each a log block of begin, change and commit records.
    public func appendTransactions(_ count: Int) {
        for _ in 0..<count {
            lastTransactionBegin = endOfLog
            let sectors = 1 + UInt32(random.next() % 3)
            var vlf = endOfLog.vlf
            var block = endOfLog.block + sectors
            if block >= Self.sectorsPerVLF {
                vlf += 1
                block = Self.firstBlockInVLF
            }
            endOfLog = LSN(vlf: vlf, block: block, slot: 1)
        }
    }

    /// Writes what `transactionsPerSecond` produce over `elapsed`, keeping the fraction.
    public func generate(transactionsPerSecond: Double, over elapsed: Duration) {
        pendingTransactions += transactionsPerSecond * elapsed.milliseconds / 1000
        let whole = Int(pendingTransactions)
        pendingTransactions -= Double(whole)
        appendTransactions(whole)
    }

    /// A checkpoint: its LSN is the current end of the log, and it writes a record itself.
    @discardableResult
    public func checkpoint() -> LSN {
        lastCheckpoint = endOfLog
        endOfLog = LSN(vlf: endOfLog.vlf, block: endOfLog.block, slot: endOfLog.slot + 2)
        return lastCheckpoint
    }

    /// The log chain is broken (SIMPLE and back, reverting a snapshot): no log backup until
    /// a full or differential restarts it.
    public func breakLogChain() {
        lastLogBackupLsn = nil
        nextLogBackupBeginsChain = true
    }

    public func newDifferentialBaseGuid() -> String { random.guid() }
}
