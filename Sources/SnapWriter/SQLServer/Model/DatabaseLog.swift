/// The transaction log of one database and the backup state SQL Server keeps with it.
/// In an availability group every replica shares this one log: the primary writes it,
/// secondaries harden and redo it up to their own positions (`ReplicaProgress`).
///
/// Like a real log it keeps only its active part: records no copy, backup or query can
/// reach any more are let go (`discardRecords(before:)`, see `SQLEngine.truncateLogs()`),
/// so its memory follows the active log, not the length of the run.
public final class DatabaseLog {
    public let databaseGuid: String
    public private(set) var recoveryForkGuid: String
    public var recoveryModel: RecoveryModel
    /// The LSN the next log record will get.
    public var endOfLog: LSN { marks[marks.count - 1].lsn }
    /// Where the oldest active transaction began: the workload always has one in flight.
    public var lastTransactionBegin: LSN { marks[marks.count - 1].oldestActive }
    public var lastCheckpoint: LSN { checkpoints[checkpoints.count - 1] }
    /// Bytes of log written since the database was created: positions in the log stream.
    public var bytesWritten: UInt64 { marks[marks.count - 1].offset }
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
    static let bytesPerSector: UInt64 = 512
    /// The first block offset used in a fresh VLF.
    static let firstBlockInVLF: UInt32 = 0x10

    /// The end of the log after each record written, with where it stood in bytes and time:
    /// replicas and backups name positions in bytes, reports in LSNs and seconds.
    struct Mark {
        let offset: UInt64
        let lsn: LSN
        let time: Duration
        let oldestActive: LSN
        let isCommit: Bool
        /// The row a transaction changed; nil for the creation and checkpoints.
        var change: PageChange? = nil
        var isCheckpoint = false
    }

    /// The records still kept, oldest first: `marks[0]` is record number `discardedRecords`.
    private var marks: [Mark]
    /// How many records from the creation on were let go.
    public private(set) var discardedRecords = 0
    /// How many records the log holds in memory now: its active part.
    public var keptRecords: Int { marks.count }
    /// When the last transaction among the records let go committed: what
    /// `lastCommitTime(atOffset:)` finds when it walks back past the records kept.
    private var lastDiscardedCommitTime: Duration?
    /// When the log first reached each LSN a backup ended at (`noteRestorePoint`): a restore
    /// to such a point is timed long after its records were let go.
    private var restorePointTimes: [LSN: Duration] = [:]
    /// The byte positions of LSNs remembered before their records were let go
    /// (`rememberOffset(of:)`): the differential base, whose position a differential needs.
    private var rememberedOffsets: [LSN: UInt64] = [:]
    /// Every checkpoint's LSN, oldest first; the database's creation counts as the first.
    private var checkpoints: [LSN]
    private var random: SeededRandom
    /// Which row each transaction changes: a stream of its own, so the log's LSNs do not
    /// depend on it.
    private var pageRandom: SeededRandom
    private var pendingTransactions = 0.0
    private let clock: SimulationClock

    public init(random: SeededRandom, recoveryModel: RecoveryModel, clock: SimulationClock) {
        pageRandom = random.split("pages")
        var random = random
        databaseGuid = random.guid()
        recoveryForkGuid = random.guid()
        self.recoveryModel = recoveryModel
        let start = LSN(vlf: 32 + UInt32(random.next() % 32), block: 0x90 + UInt32(random.next() % 0x400), slot: 1)
        marks = [Mark(offset: 0, lsn: start, time: clock.now, oldestActive: start, isCommit: false)]
        checkpoints = [start]
        self.random = random
        self.clock = clock
    }

    /// Writes `count` transactions: each a log block of begin, change and commit records.
    public func appendTransactions(_ count: Int) {
        for _ in 0..<count {
            let begin = endOfLog
            let sectors = 1 + UInt32(random.next() % 3)
            var vlf = begin.vlf
            var block = begin.block + sectors
            if block >= Self.sectorsPerVLF {
                vlf += 1
                block = Self.firstBlockInVLF
            }
            marks.append(Mark(offset: bytesWritten + UInt64(sectors) * Self.bytesPerSector,
                              lsn: LSN(vlf: vlf, block: block, slot: 1), time: clock.now, oldestActive: begin,
                              isCommit: true, change: DataFileLayout.change(for: pageRandom.next())))
        }
    }

    /// Writes what `transactionsPerSecond` produce over `elapsed`, keeping the fraction:
    /// a block per transaction, or with `grouped` one block for them all (group commit).
    public func generate(transactionsPerSecond: Double, over elapsed: Duration, grouped: Bool = false) {
        pendingTransactions += transactionsPerSecond * elapsed.milliseconds / 1000
        let whole = Int(pendingTransactions)
        pendingTransactions -= Double(whole)
        if grouped { appendGroupCommit(whole) } else { appendTransactions(whole) }
    }

    /// A grouped transaction's share of its block: the mean of the 1–3 sectors a block of
    /// its own takes, so the log grows as fast as it does one block per transaction.
    public static let groupedBytesPerTransaction: UInt64 = 2 * bytesPerSector
    /// The most sectors one grouped block holds; more transactions take further blocks.
    static let sectorsPerGroupedBlock = 32_768

    /// Writes `count` transactions committed together: one log block (more past
    /// `sectorsPerGroupedBlock`) that changes one row, the last transaction's, as the block's
    /// header has room for. LSN and byte position advance by the whole block.
    public func appendGroupCommit(_ count: Int) {
        var left = count * Int(Self.groupedBytesPerTransaction / Self.bytesPerSector)
        while left > 0 {
            let sectors = UInt32(min(left, Self.sectorsPerGroupedBlock))
            left -= Int(sectors)
            let begin = endOfLog
            var lsn = LSN(vlf: begin.vlf, block: begin.block + sectors, slot: 1)
            if lsn.block >= Self.sectorsPerVLF { lsn = LSN(vlf: begin.vlf + 1, block: Self.firstBlockInVLF, slot: 1) }
            marks.append(Mark(offset: bytesWritten + UInt64(sectors) * Self.bytesPerSector, lsn: lsn, time: clock.now,
                              oldestActive: begin, isCommit: true, change: DataFileLayout.change(for: pageRandom.next())))
        }
    }

    /// A checkpoint: its LSN is the current end of the log, and it writes a record itself.
    @discardableResult
    public func checkpoint() -> LSN {
        let last = marks[marks.count - 1]
        checkpoints.append(last.lsn)
        marks.append(Mark(offset: last.offset, lsn: LSN(vlf: last.lsn.vlf, block: last.lsn.block, slot: last.lsn.slot + 2),
                          time: clock.now, oldestActive: last.oldestActive, isCommit: false, isCheckpoint: true))
        return last.lsn
    }

    /// The last checkpoint a copy of the database that has reached `lsn` knows of.
    public func lastCheckpoint(atOrBefore lsn: LSN) -> LSN {
        checkpoints.last { $0 <= lsn } ?? checkpoints[0]
    }

    /// The log chain is broken (SIMPLE and back, reverting a snapshot): no log backup until
    /// a full or differential restarts it.
    public func breakLogChain() {
        lastLogBackupLsn = nil
        nextLogBackupBeginsChain = true
    }

    public func newDifferentialBaseGuid() -> String { random.guid() }

    /// The LSN the database was created at: its first checkpoint.
    public var creationLsn: LSN { checkpoints[0] }

    // MARK: Records, for the data and log files

    /// How many records the log has written, the creation counting as the first.
    var recordCount: Int { discardedRecords + marks.count }

    /// The record at `index` (counted from the creation), with where it ends; the record
    /// before it ends where it begins. Only records not let go can be asked for.
    func record(at index: Int) -> Mark { marks[index - discardedRecords] }

    // MARK: Truncation

    /// Lets go of every record before `index` (counted from the creation), once enough have
    /// piled up to make the move worth its copy. The caller guarantees that nothing will ask
    /// for a position before that record again (`SQLEngine.truncateLogs()`).
    func discardRecords(before index: Int) {
        let count = min(index, recordCount - 1) - discardedRecords
        guard count >= Self.discardBatch, count >= marks.count / 2 else { return }
        if let commit = marks[..<count].last(where: \.isCommit) { lastDiscardedCommitTime = commit.time }
        marks.removeSubrange(0..<count)
        discardedRecords += count
    }

    /// Records are let go in batches of at least this many (and at least half of those kept),
    /// so the copy of the rest costs little per record.
    public static let discardBatch = 4096

    /// The record a copy that holds `offset` bytes of log has reached (counted from the creation).
    func recordIndex(atOffset offset: UInt64) -> Int {
        discardedRecords + max(0, leadingCount { $0.offset <= offset } - 1)
    }

    /// The last record at or before `lsn` (counted from the creation).
    func recordIndex(of lsn: LSN) -> Int {
        discardedRecords + max(0, leadingCount { $0.lsn <= lsn } - 1)
    }

    /// Remembers the byte position of `lsn`, so `offset(of:)` still answers it once the
    /// records around it are let go. Its position never changes: later records only follow.
    func rememberOffset(of lsn: LSN) {
        guard rememberedOffsets[lsn] == nil, discardedRecords == 0 || lsn >= marks[0].lsn else { return }
        rememberedOffsets[lsn] = offset(of: lsn)
    }

    /// Keeps when the log first reached `lsn`, the point a backup just recorded ends at: the
    /// time a restore to it is measured from, asked for at any later moment.
    public func noteRestorePoint(_ lsn: LSN) {
        guard lsn <= endOfLog, restorePointTimes[lsn] == nil else { return }
        restorePointTimes[lsn] = time(reaching: lsn)
    }

    /// The first pages of every copy of this database, built once and shared.
    lazy var initialPages: [DataPage] = PageImages.initialPages(
        identity: TableIdentity(databaseGuid: databaseGuid), lsn: creationLsn)

    // MARK: Positions

    /// How many marks from the start satisfy a condition that, once false, stays false.
    private func leadingCount(_ holds: (Mark) -> Bool) -> Int {
        var low = 0
        var high = marks.count
        while low < high {
            let middle = (low + high) / 2
            if holds(marks[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The last mark at or before a byte position: log is shipped and redone in whole blocks.
    private func mark(atOffset offset: UInt64) -> Mark {
        marks[max(0, leadingCount { $0.offset <= offset } - 1)]
    }

    /// The LSN a copy of the database that holds `offset` bytes of log has reached.
    public func lsn(atOffset offset: UInt64) -> LSN { mark(atOffset: offset).lsn }

    /// Where the oldest transaction active at that position began.
    public func oldestActiveTransaction(atOffset offset: UInt64) -> LSN { mark(atOffset: offset).oldestActive }

    /// The byte position of an LSN: of the last record at or before it.
    public func offset(of lsn: LSN) -> UInt64 {
        if discardedRecords > 0, lsn < marks[0].lsn, let remembered = rememberedOffsets[lsn] { return remembered }
        return marks[max(0, leadingCount { $0.lsn <= lsn } - 1)].offset
    }

    /// How far the log had come at a moment of the run. Before the oldest record kept it
    /// answers that record's position: replication asks only to compare with a secondary's
    /// place, which truncation never passes (see `SQLEngine.truncateLogs()`).
    public func offset(atTime time: Duration) -> UInt64 {
        marks[max(0, leadingCount { $0.time <= time } - 1)].offset
    }

    /// When the last transaction held in the first `offset` bytes committed; nil before any.
    public func lastCommitTime(atOffset offset: UInt64) -> Duration? {
        var index = leadingCount { $0.offset <= offset } - 1
        while index >= 0, !marks[index].isCommit { index -= 1 }
        return index >= 0 ? marks[index].time : lastDiscardedCommitTime
    }

    /// When the log first reached an LSN: a restore to that point loses what came later.
    public func time(reaching lsn: LSN) -> Duration {
        if discardedRecords > 0, lsn < marks[0].lsn, let noted = restorePointTimes[lsn] { return noted }
        return marks[min(marks.count - 1, leadingCount { $0.lsn < lsn })].time
    }
}
