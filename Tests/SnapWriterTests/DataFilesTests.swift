import Testing
@testable import SnapWriter

/// Each copy of a database on its own D: volume: the files, checkpoints, write-ahead logging,
/// and replicas building the same pages from the log.
@Suite struct DataFilesTests {
    @Test func aNewDatabaseHasADataFileAndALogFileOnD() throws {
        let rig = FilesRig()
        let files = rig.files("SQL1")
        #expect(files.windowsDataPath == "D:\\Data\\Sales.mdf" && files.windowsLogPath == "D:\\Data\\Sales_log.ldf")
        let data = try #require(rig.volumes["SQL1"]?.read("Data/Sales.mdf"))
        #expect(data.count == DataFileLayout.pagesInUse * DataPage.size)
        #expect(files.layout.filePages == 16 * 128, "the file is sized from sizeMiB; only the pages in use exist")
        for (number, page) in rig.pagesOnDisk("SQL1").enumerated() {
            #expect(page.verify(as: PageID(page: UInt32(number))) == .valid)
            #expect(page.lsn == rig.log.creationLsn)
        }
        #expect(rig.pagesOnDisk("SQL1")[2].header?.type == .gam)
        #expect(rig.pagesOnDisk("SQL1")[9].header?.type == .boot)
        #expect(rig.pagesOnDisk("SQL1")[16].header?.slotCount == 40)
        let logFile = try #require(rig.volumes["SQL1"]?.read("Data/Sales_log.ldf"))
        #expect(TransactionLogFile.newestLsn(in: logFile) == rig.log.creationLsn)
    }

    @Test func theWorkloadDirtiesHotPagesAndACheckpointWritesThem() {
        let rig = FilesRig()
        rig.engine.advance(by: .seconds(10))
        let files = rig.files("SQL1")
        #expect(!files.dirtyPages.isEmpty)
        #expect(files.dirtyPages.allSatisfy { DataFileLayout.hotPages.contains($0) })
        #expect(rig.pagesOnDisk("SQL1").allSatisfy { $0.lsn == rig.log.creationLsn }, "no checkpoint yet")
        rig.log.checkpoint()
        rig.engine.syncDataFiles()
        #expect(files.dirtyPages.isEmpty)
        let written = rig.pagesOnDisk("SQL1").enumerated().filter { $0.element.lsn > rig.log.creationLsn }.map(\.offset)
        #expect(!written.isEmpty && written.allSatisfy { DataFileLayout.hotPages.contains($0) })
        #expect(rig.pagesOnDisk("SQL1").enumerated().allSatisfy { $0.element.verify(as: PageID(page: UInt32($0.offset))).isValid })
    }

    /// Every page that reaches a data file carries an LSN its log file already holds: on the
    /// primary, which writes log at commit, and on the secondary, which redoes only what it
    /// has hardened.
    @Test func noDataPageIsNewerThanTheLogOnTheVolume() throws {
        let rig = FilesRig()
        _ = try rig.engine.backup(BackupRequest(database: "Sales", kind: .full), on: "SQL1").get()
        // A log backup on the secondary ends with a checkpoint on the primary, taken in the
        // same slice of time as the transactions before it.
        for _ in 0..<6 {
            rig.engine.advance(by: .seconds(7))
            _ = try rig.engine.backup(BackupRequest(database: "Sales", kind: .log), on: "SQL2").get()
        }
        rig.engine.changeReplica("SQL2", of: "AG1", synchronizationState: nil, connected: nil, redoLagSeconds: 5)
        for _ in 0..<4 {
            rig.engine.advance(by: .seconds(3))
            _ = try rig.engine.backup(BackupRequest(database: "Sales", kind: .full, copyOnly: true), on: "SQL1").get()
            rig.log.checkpoint()
        }
        rig.engine.advance(by: .seconds(10))
        for server in ["SQL1", "SQL2"] {
            let volume = try #require(rig.volumes[server])
            #expect(volume.pageWrites > 1, "\(server) wrote pages")
            #expect(volume.violations.isEmpty, "\(server): \(volume.violations)")
            let newest = try #require(TransactionLogFile.newestLsn(in: volume.read("Data/Sales_log.ldf")!))
            #expect(rig.pagesOnDisk(server).allSatisfy { $0.lsn <= newest })
        }
    }

    /// The log carries row changes, never pages: each replica builds the same pages from it
    /// on its own volume.
    @Test func aSecondaryWritesTheSamePagesFromTheLog() {
        let rig = FilesRig()
        rig.engine.advance(by: .seconds(20))
        rig.log.checkpoint()
        rig.engine.advance(by: .seconds(1))
        let primary = rig.pagesOnDisk("SQL1")
        let secondary = rig.pagesOnDisk("SQL2")
        #expect(primary.contains { $0.lsn > rig.log.creationLsn })
        #expect(primary == secondary)
        #expect(rig.files("SQL2").redoneRecords == rig.files("SQL1").redoneRecords)
    }

    @Test func afterAFailoverTheNewPrimaryWritesItsOwnPagesFromTheLog() throws {
        let rig = FilesRig()
        rig.engine.advance(by: .seconds(10))
        _ = try rig.engine.failover("AG1", to: "SQL2").get()
        rig.engine.advance(by: .seconds(10))
        _ = try rig.engine.backup(BackupRequest(database: "Sales", kind: .full), on: "SQL2").get()
        rig.engine.advance(by: .seconds(1))
        #expect(rig.files("SQL2").redoneRecords == rig.log.recordCount)
        #expect(rig.pagesOnDisk("SQL2").contains { $0.lsn > rig.log.creationLsn })
        #expect(rig.pagesOnDisk("SQL1") == rig.pagesOnDisk("SQL2"))
        #expect(try rig.engine.checkdb("Sales", on: "SQL1").get().isClean)
        #expect(rig.volumes.values.allSatisfy { $0.violations.isEmpty })
    }

    @Test func aSecondaryThatReceivesNoLogWritesNothing() {
        let rig = FilesRig()
        rig.engine.changeReplica("SQL2", of: "AG1", synchronizationState: nil, connected: false, redoLagSeconds: nil)
        rig.engine.advance(by: .seconds(20))
        rig.log.checkpoint()
        rig.engine.advance(by: .seconds(1))
        #expect(rig.pagesOnDisk("SQL2").allSatisfy { $0.lsn == rig.log.creationLsn })
        #expect(rig.pagesOnDisk("SQL1").contains { $0.lsn > rig.log.creationLsn })
        #expect(rig.files("SQL2").hardenedRecords == 1)
    }

    @Test func theLogFileIsARingThatKeepsTheNewestBlocks() throws {
        let rig = FilesRig(transactionsPerSecond: 2_000)
        rig.engine.advance(by: .seconds(10))
        #expect(rig.log.bytesWritten > UInt64(TransactionLogFile.capacity), "the stream went round the ring")
        let file = try #require(rig.volumes["SQL1"]?.read("Data/Sales_log.ldf"))
        #expect(file.count == TransactionLogFile.headerSize + TransactionLogFile.capacity)
        #expect(TransactionLogFile.newestLsn(in: file) == rig.log.endOfLog)
        #expect(TransactionLogFile.newestLsn(in: rig.volumes["SQL2"]!.read("Data/Sales_log.ldf")!) == rig.log.endOfLog)
    }

    @Test func aLogBlockReadsBackAndStaleBytesDoNot() {
        let block = LogBlock(firstLsn: LSN(vlf: 40, block: 144, slot: 1), endLsn: LSN(vlf: 40, block: 146, slot: 1),
                             streamOffset: 1024, sectors: 2, change: PageChange(page: 50, row: 3))
        var bytes = block.encode()
        #expect(bytes.count == 1024)
        #expect(LogBlock(decoding: bytes, at: 0) == block)
        bytes[20] ^= 1
        #expect(LogBlock(decoding: bytes, at: 0) == nil)
        #expect(LogBlock(decoding: bytes, at: 512) == nil)
    }
}
