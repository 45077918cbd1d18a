import Testing
@testable import SnapWriter

/// corruptPage and DBCC CHECKDB on the engine: damage stays on the replica whose disk it is
/// on, and CHECKDB prints what SQL Server prints.
@Suite struct IntegrityTests {
    @Test func damageOnThePrimarysDiskStaysThereAndOnlyItsCheckdbFindsIt() throws {
        let rig = FilesRig()
        rig.engine.advance(by: .seconds(10))
        let corruption = try rig.engine.corruptPage(30, of: "Sales", on: "SQL1").get()
        #expect(corruption.page == PageID(page: 30) && corruption.file == "D:\\Data\\Sales.mdf")
        #expect(corruption.fileOffset / DataPage.size == 30 && corruption.length == 4)
        for _ in 0..<3 {
            rig.engine.advance(by: .seconds(20))
            rig.log.checkpoint()
        }
        rig.engine.advance(by: .seconds(1))
        let primary = try rig.engine.checkdb("Sales", on: "SQL1").get()
        let secondary = try rig.engine.checkdb("Sales", on: "SQL2").get()
        #expect(primary.damagedPages.map(\.page) == [PageID(page: 30)])
        #expect(primary.consistencyErrors == 2 && primary.allocationErrors == 0 && primary.msg == 8939)
        #expect(secondary.isClean && secondary.damagedPages.isEmpty && secondary.msg == nil && secondary.text == nil)
        #expect(secondary.pagesChecked == DataFileLayout.pagesInUse)
        #expect(rig.pagesOnDisk("SQL2")[30].verify(as: PageID(page: 30)) == .valid)
    }

    @Test func checkdbPrintsSQLServersMessages() throws {
        let rig = FilesRig()
        _ = try rig.engine.corruptPage(42, of: "Sales", on: "SQL1").get()
        let result = try rig.engine.checkdb("Sales", on: "SQL1").get()
        let identity = rig.files("SQL1").identity
        let object = "Object ID \(identity.objectId), index ID 0, partition ID \(identity.partitionId), "
            + "alloc unit ID \(identity.allocationUnitId) (type In-row data)"
        let errors = [
            "Msg 8939, Level 16, State 98: Table error: \(object), page (1:42). "
                + "Test (IS_OFF (BUF_IOERR, pBUF->bstat)) failed. Values are 133129 and -4.",
            "Msg 8928, Level 16, State 1: \(object): Page (1:42) could not be processed.  See other errors for details.",
        ]
        let summary = [
            "CHECKDB found 0 allocation errors and 2 consistency errors in table 'Orders' (object ID \(identity.objectId)).",
            "CHECKDB found 0 allocation errors and 2 consistency errors in database 'Sales'.",
            "repair_allow_data_loss is the minimum repair level for the errors found by DBCC CHECKDB (Sales).",
        ]
        #expect(result.output == ["DBCC results for 'Sales'."] + errors + summary
            + ["DBCC execution completed. If DBCC printed error messages, contact your system administrator."])
        #expect(result.text == (errors + summary).joined(separator: "\n"))
        #expect(result.errors.map(\.msg) == [8939, 8928])
        let clean = try rig.engine.checkdb("Sales", on: "SQL2").get()
        #expect(clean.output == [
            "DBCC results for 'Sales'.",
            "CHECKDB found 0 allocation errors and 0 consistency errors in database 'Sales'.",
            "DBCC execution completed. If DBCC printed error messages, contact your system administrator.",
        ])
    }

    @Test func aReadOfTheDamagedPageWouldRaiseMsg824() throws {
        let rig = FilesRig()
        _ = try rig.engine.corruptPage(42, of: "Sales", on: "SQL1").get()
        _ = try rig.engine.checkdb("Sales", on: "SQL1").get()
        let event = try #require(rig.engine.log.events.first { $0.event == "PageReadFailed" })
        let page = rig.pagesOnDisk("SQL1")[42]
        #expect(event.detail == "Msg 824, Level 24, State 2: SQL Server detected a logical consistency-based I/O "
            + "error: incorrect checksum (expected: \(CheckdbMessages.hex(page.storedChecksum, 8)); actual: "
            + "\(CheckdbMessages.hex(page.computedChecksum, 8))). It occurred during a read of page (1:42) in database "
            + "ID 5 at offset 0x00000000054000 in file 'D:\\Data\\Sales.mdf'. Additional messages in the SQL Server "
            + "error log or system event log may provide more detail. This is a severe error condition that threatens "
            + "database integrity and must be corrected immediately. Complete a full database consistency check "
            + "(DBCC CHECKDB). This error can be caused by many factors; for more information, see SQL Server Books "
            + "Online.")
    }

    @Test func everyCheckdbLeavesItsLineInTheErrorLog() throws {
        let rig = FilesRig()
        rig.engine.advance(by: .seconds(5))
        _ = try rig.engine.checkdb("Sales", on: "SQL1").get()
        let line = try #require(rig.engine.instance(named: "SQL1")?.errorLog.last)
        #expect(line == "DBCC CHECKDB (Sales) executed by NT SERVICE\\SQLSERVERAGENT found 0 errors and repaired 0 "
            + "errors. Elapsed time: 0 hours 0 minutes 0 seconds.  Internal database snapshot has split point LSN = "
            + "\(rig.log.endOfLog.hex) and first LSN = \(rig.log.lastTransactionBegin.hex).  This is an informational "
            + "message only. No user action is required.")
    }

    /// The damage is on the disk; the page in memory is whole. A hot page the workload
    /// changes again is overwritten, damage and all, by the next checkpoint.
    @Test func aCheckpointThatRewritesADamagedHotPageRepairsIt() throws {
        let rig = FilesRig()
        let hot = DataFileLayout.hotPages.lowerBound
        _ = try rig.engine.corruptPage(hot, of: "Sales", on: "SQL1").get()
        #expect(try rig.engine.checkdb("Sales", on: "SQL1").get().damagedPages.map(\.page.page) == [UInt32(hot)])
        rig.engine.advance(by: .seconds(30))
        rig.log.checkpoint()
        rig.engine.syncDataFiles()
        #expect(try rig.engine.checkdb("Sales", on: "SQL1").get().isClean)
    }

    @Test(arguments: [
        (2, "Page (1:2) is the GAM page of D:\\Data\\Sales.mdf. "),
        (9, "Page (1:9) is the boot page of D:\\Data\\Sales.mdf. "),
        (10, "Page (1:10) is the IAM page of table 'Orders' of D:\\Data\\Sales.mdf. "),
        (500, "Page (1:500) of D:\\Data\\Sales.mdf is allocated to no object: the database uses pages 0 to 63 of 2048. "),
        (2048, "Page (1:2048) is beyond the end of D:\\Data\\Sales.mdf, which has 2048 pages. "),
    ])
    func onlyTheTablesDataPagesCanBeDamaged(page: Int, reason: String) {
        let rig = FilesRig()
        let before = rig.volumes["SQL1"]?.read("Data/Sales.mdf")
        let only = "corruptPage flips bytes of the data pages of table 'Orders' only: pages 16 to 63."
        #expect(rig.engine.corruptPage(page, of: "Sales", on: "SQL1") == .failure(IntegrityRefusal(text: reason + only)))
        #expect(rig.volumes["SQL1"]?.read("Data/Sales.mdf") == before)
    }

    @Test func aDamagedFilePageIsReportedWithNoObject() throws {
        let rig = FilesRig()
        rig.volumes["SQL1"]!.inner.write("Data/Sales.mdf", offset: 2 * DataPage.size + 200, bytes: [1, 2, 3])
        let result = try rig.engine.checkdb("Sales", on: "SQL1").get()
        #expect(result.output == [
            "DBCC results for 'Sales'.",
            "Msg 8939, Level 16, State 98: Table error: Object ID 0, index ID -1, partition ID 0, alloc unit ID 0 "
                + "(type Unknown), page (1:2). Test (IS_OFF (BUF_IOERR, pBUF->bstat)) failed. Values are 133129 and -4.",
            "CHECKDB found 0 allocation errors and 1 consistency errors not associated with any single object.",
            "CHECKDB found 0 allocation errors and 1 consistency errors in database 'Sales'.",
            "repair_allow_data_loss is the minimum repair level for the errors found by DBCC CHECKDB (Sales).",
            "DBCC execution completed. If DBCC printed error messages, contact your system administrator.",
        ])
    }

    @Test func anInstanceThatIsDownRunsNoCheckdb() {
        let rig = FilesRig()
        rig.engine.instance(named: "SQL2")?.isRunning = false
        #expect(rig.engine.checkdb("Sales", on: "SQL2")
            == .failure(IntegrityRefusal(text: "SQL2 is off: its SQL Server instance cannot run DBCC CHECKDB.")))
    }

    /// BACKUP without CHECKSUM does not read page checksums: a damaged page is copied as is.
    @Test func nativeBackupsOfADamagedDatabaseAreNotRefused() throws {
        let rig = FilesRig()
        _ = try rig.engine.corruptPage(42, of: "Sales", on: "SQL1").get()
        #expect(throws: Never.self) { try rig.engine.backup(BackupRequest(database: "Sales", kind: .full), on: "SQL1").get() }
        #expect(!(try rig.engine.checkdb("Sales", on: "SQL1").get().isClean))
    }
}
