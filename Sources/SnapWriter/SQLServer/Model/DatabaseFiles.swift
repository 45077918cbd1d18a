/// The data file and log file of one copy of a database on its instance's `D:` volume
/// (`Data/Sales.mdf`, `Data/Sales_log.ldf`), and the buffer pool that holds its pages in
/// memory. Each replica of an availability group database has its own copy: the log reaches
/// it as log records, never as pages, so each copy's pages are written by its own engine.
///
/// The copy follows its place in the shared log: a block is written to the log file when it
/// is hardened (at commit on a primary), its change is applied to the page in memory when it
/// is redone, and a checkpoint record writes every page it dirtied. A page is never written
/// before the log that covers it (write-ahead logging), and always as two 4 KiB halves.
public final class DatabaseFiles {
    public let databaseName: String
    public let layout: DataFileLayout
    public let identity: TableIdentity
    public let volume: any FileVolume
    public let dataPath: String
    public let logPath: String
    let logFile: TransactionLogFile
    /// Every page in use, as this copy's engine holds it in memory.
    private var pages: [DataPage]
    private var dirty = Set<Int>()
    /// Log records whose block is in this copy's log file, and records applied to its pages,
    /// counted from the database's creation.
    public private(set) var hardenedRecords = 1
    public private(set) var redoneRecords = 1

    /// Creates both files for a new database (or a copy seeded from its primary).
    public init(database: String, log: DatabaseLog, sizeMiB: Int, volume: any FileVolume) {
        databaseName = database
        layout = DataFileLayout(sizeMiB: sizeMiB)
        identity = TableIdentity(databaseGuid: log.databaseGuid)
        self.volume = volume
        // A database name may hold what a file name must not (`Sa/les`, `CON`): the files are
        // named by its encoding, which the image verifier decodes.
        dataPath = "Data/\(FileNameEncoding.encode(database)).mdf"
        logPath = "Data/\(FileNameEncoding.encode(database))_log.ldf"
        pages = log.initialPages
        logFile = TransactionLogFile(volume: volume, path: logPath, creationLsn: log.creationLsn)
        var file: [UInt8] = []
        file.reserveCapacity(pages.count * DataPage.size)
        for page in pages { file.append(contentsOf: page.bytes) }
        volume.write(dataPath, offset: 0, bytes: file)
    }

    /// The data file's name as SQL Server prints it: `D:\Data\Sales.mdf`.
    public var windowsDataPath: String { Self.windowsPath(volume: volume.name, dataPath) }

    public var windowsLogPath: String { Self.windowsPath(volume: volume.name, logPath) }

    static func windowsPath(volume: String, _ path: String) -> String {
        "\(volume)\\" + path.replacingOccurrences(of: "/", with: "\\")
    }

    /// Brings the files up to this copy's place in the log: blocks up to `hardened` bytes
    /// into the log file, changes up to `redone` bytes into the pages, checkpoints on the way
    /// onto the disk. A primary passes the end of the log for both. Without `writingBodies`
    /// each block's header sector alone is written.
    public func catchUp(with log: DatabaseLog, hardenedTo hardened: UInt64, redoneTo redone: UInt64,
                        writingBodies: Bool = true) {
        var flush: [LogBlock] = []
        while hardenedRecords < log.recordCount {
            let record = log.record(at: hardenedRecords)
            guard record.offset <= hardened else { break }
            let previous = log.record(at: hardenedRecords - 1)
            if record.offset > previous.offset {
                flush.append(LogBlock(
                    firstLsn: previous.lsn, endLsn: record.lsn, streamOffset: previous.offset,
                    sectors: UInt16((record.offset - previous.offset) / DatabaseLog.bytesPerSector),
                    change: record.change))
            }
            hardenedRecords += 1
        }
        if writingBodies { logFile.append(flush) } else { logFile.appendHeaders(flush) }
        while redoneRecords < hardenedRecords {
            let record = log.record(at: redoneRecords)
            guard record.offset <= redone else { break }
            let begin = log.record(at: redoneRecords - 1).lsn
            if let change = record.change {
                // The row change is the record after BEGIN_XACT.
                let lsn = LSN(vlf: begin.vlf, block: begin.block, slot: begin.slot + 1)
                PageImages.apply(change, at: lsn, to: &pages[Int(change.page)])
                dirty.insert(Int(change.page))
            }
            if record.isCheckpoint { writeDirtyPages() }
            redoneRecords += 1
        }
    }

    /// A checkpoint: every dirty page to disk, in page order.
    private func writeDirtyPages() {
        for number in dirty.sorted() { writePage(number) }
        dirty.removeAll()
    }

    /// Seals a page and writes it, first half then second half.
    private func writePage(_ number: Int) {
        precondition(pages[number].lsn <= logFile.flushedEnd,
                     "write-ahead logging: page \(number) of \(databaseName) is newer than its log")
        pages[number].seal()
        let (first, second) = pages[number].halves
        volume.write(dataPath, offset: number * DataPage.size, bytes: first)
        volume.write(dataPath, offset: number * DataPage.size + DataPage.halfSize, bytes: second)
    }

    /// Writes this copy saw done that the volume does not hold: log blocks up to the last
    /// flush, and every page written since (those changed again in memory are skipped).
    /// Empty when everything acknowledged is on the volume.
    public func missingAcknowledgedWrites() -> [String] {
        var missing: [String] = []
        if let log = volume.read(logPath) {
            let newest = TransactionLogFile.newestLsn(in: log) ?? .zero
            if newest < logFile.flushedEnd {
                missing.append("\(logPath) ends at \(newest.hex), its last flush at \(logFile.flushedEnd.hex)")
            }
        } else {
            missing.append("\(logPath) cannot be read")
        }
        guard let data = volume.read(dataPath) else { return missing + ["\(dataPath) cannot be read"] }
        for number in pages.indices where !dirty.contains(number) {
            guard let onDisk = Self.page(number, of: data) else {
                missing.append("page \(number) of \(dataPath) is missing")
                continue
            }
            if onDisk.bytes != pages[number].bytes {
                missing.append("page \(number) of \(dataPath) differs from what was written (LSN on disk "
                    + "\(onDisk.lsn.hex), written \(pages[number].lsn.hex))")
            }
        }
        return missing
    }

    /// Pages changed in memory and not yet written.
    public var dirtyPages: [Int] { dirty.sorted() }

    /// A page as the data file on the volume holds it now; nil when the file does not reach it.
    public func pageOnDisk(_ number: Int) -> DataPage? {
        guard let file = volume.read(dataPath) else { return nil }
        return Self.page(number, of: file)
    }

    static func page(_ number: Int, of file: [UInt8]) -> DataPage? {
        let start = number * DataPage.size
        guard number >= 0, start + DataPage.size <= file.count else { return nil }
        return DataPage(bytes: Array(file[start..<(start + DataPage.size)]))
    }
}
