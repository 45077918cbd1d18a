import Testing
@testable import SnapWriter

/// One element's JSON with the required keys, and `extra` members appended verbatim.
private func element(
    id: String = "1", database: String = "\"Sales\"", type: String = "\"L\"",
    first: String = "\"40000000014400001\"", last: String = "\"41000000000100001\"", extra: String = ""
) -> String {
    #"{"backup_set_id": \#(id), "database_name": \#(database), "type": \#(type), "first_lsn": \#(first), "last_lsn": \#(last)\#(extra)}"#
}

private func read(_ elements: String...) throws(BackupHistoryError) -> BackupHistory {
    try BackupHistory(json: "[" + elements.joined(separator: ",\n") + "]")
}

/// The error reading these elements raises, or nil.
private func failure(_ elements: String...) -> BackupHistoryError? {
    do {
        _ = try BackupHistory(json: "[" + elements.joined(separator: ",\n") + "]")
        return nil
    } catch {
        return error
    }
}

@Suite struct BackupHistoryReadingTests {
    @Test func readsTheRequiredColumnsAndLeavesTheRestNil() throws {
        let backup = try #require(try read(element()).backups.first)
        #expect(backup.backupSetId == 1)
        #expect(backup.databaseName == "Sales")
        #expect(backup.type == .log)
        #expect(backup.firstLsn == LSN(vlf: 40, block: 144, slot: 1))
        #expect(backup.lastLsn == LSN(vlf: 41, block: 1, slot: 1))
        #expect(backup.isCopyOnly == nil && backup.checkpointLsn == nil && backup.differentialBaseGuid == nil)
    }

    @Test func readsEveryOptionalColumnAndIgnoresUnknownKeys() throws {
        let extra = """
            , "server_name": "SQL2", "machine_name": "VM2", "is_copy_only": 1, "is_snapshot": true,
            "checkpoint_lsn": "40:150:1", "database_backup_lsn": 0, "differential_base_lsn": null,
            "differential_base_guid": "{6f9619ff-8b86-d011-b42d-00c04fc964ff}",
            "first_recovery_fork_guid": "6F9619FF-8B86-D011-B42D-00C04FC964FF", "last_recovery_fork_guid": null,
            "fork_point_lsn": "00000028:00000090:0001", "begins_log_chain": 0,
            "backup_start_date": "2024-05-06 01:00:00.000", "backup_finish_date": "2024-05-06T01:04:10Z",
            "device_type": 7, "physical_device_name": "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}",
            "database_guid": "A1B2C3D4-0000-4000-8000-00000000F001", "recovery_model": "FULL",
            "software_vendor_id": 4608, "name": {"nested": [1, 2]}
            """
        let backup = try #require(try read(element(type: "\"D\"", extra: extra)).backups.first)
        #expect(backup.type == .database)
        #expect(backup.serverName == "SQL2" && backup.machineName == "VM2")
        #expect(backup.isCopyOnly == true && backup.isSnapshot == true && backup.beginsLogChain == false)
        #expect(backup.checkpointLsn == LSN(vlf: 40, block: 150, slot: 1))
        #expect(backup.databaseBackupLsn == .zero)
        #expect(backup.differentialBaseLsn == nil)
        #expect(backup.differentialBaseGuid == "{6f9619ff-8b86-d011-b42d-00c04fc964ff}")
        #expect(backup.firstRecoveryForkGuid == "6F9619FF-8B86-D011-B42D-00C04FC964FF")
        #expect(backup.lastRecoveryForkGuid == nil)
        #expect(backup.forkPointLsn == LSN(vlf: 40, block: 144, slot: 1))
        #expect(backup.backupStartDate == "2024-05-06 01:00:00.000")
        #expect(backup.backupFinishDate == "2024-05-06T01:04:10Z")
        #expect(backup.deviceType == 7)
        #expect(backup.physicalDeviceName == "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}")
        #expect(backup.recoveryModel == "FULL")
    }

    @Test func readsLSNsGivenAsJSONIntegersBeyondTwoToTheSixtyFourExactly() throws {
        let history = try read(
            element(id: "1", first: "40000000014400001", last: "85521000001436900001"),
            element(id: "2", first: "1844674407370955161600001", last: "4294967295429496729565535"))
        #expect(history.backups[0].firstLsn == LSN(vlf: 40, block: 144, slot: 1))
        #expect(history.backups[0].lastLsn == LSN(vlf: 85521, block: 14369, slot: 1))
        #expect(history.backups[1].firstLsn == LSN(vlf: 1844674407, block: 3709551616, slot: 1))
        #expect(history.backups[1].lastLsn == LSN(vlf: .max, block: .max, slot: .max))
    }

    @Test(arguments: [("true", true), ("false", false), ("1", true), ("0", false)])
    func readsFlagsAsBooleansOrZeroOne(json: String, value: Bool) throws {
        #expect(try read(element(extra: #", "is_copy_only": \#(json)"#)).backups[0].isCopyOnly == value)
    }

    @Test func keepsElementsInTheirOrder() throws {
        let history = try read(element(id: "9"), element(id: "3", database: "\"Inventory\""), element(id: "5"))
        #expect(history.backups.map(\.backupSetId) == [9, 3, 5])
        #expect(history.databaseNames == ["Inventory", "Sales"])
        #expect(history.backups(of: "Sales").map(\.backupSetId) == [9, 5])
    }

    @Test func namesFileLineElementIdKeyAndWhatIsAllowed() {
        let error = failure(element(id: "1"), element(id: "17", first: "\"zzz\""))
        #expect(error == BackupHistoryError(
            message: "found \"zzz\"; allowed: an LSN as a numeric string or integer (40000000014400001), "
                + "or a string 40:144:1 or 00000028:00000090:0001",
            line: 2, column: 75, elementIndex: 1, backupSetId: 17, key: "first_lsn"))
        #expect(error?.description.hasPrefix(
            "line 2, column 75: element 1 (backup_set_id 17), key \"first_lsn\": found \"zzz\"; allowed: ") == true)
    }

    @Test(arguments: [
        (element(id: "\"1\""), "backup_set_id", nil, "found \"1\"; allowed: an integer"),
        (element(id: "1.0"), "backup_set_id", nil, "found 1.0; allowed: an integer"),
        (element(database: "\"\""), "database_name", 1, "found \"\"; allowed: a non-empty string"),
        (element(database: "null"), "database_name", 1, "found null; allowed: a non-empty string"),
        (element(type: "\"d\""), "type", 1,
         #"found "d"; allowed: "D" (full), "I" (differential), "L" (log), "F" (file), "G" (file differential), "P" (partial), "Q" (partial differential)"#),
        (element(first: "-40000000014400001"), "first_lsn", 1, nil),
        (element(first: "4.0e16"), "first_lsn", 1, nil),
        (element(first: "\"40:144:65536\""), "first_lsn", 1, nil),
        (element(first: "true"), "first_lsn", 1, nil),
        (element(last: "\"40:144:0\""), "last_lsn", 1,
         "40000000014400000 is before first_lsn 40000000014400001; allowed: an LSN at or after first_lsn"),
        (element(extra: #", "is_copy_only": 2"#), "is_copy_only", 1, "found 2; allowed: true, false, 0 or 1, or null"),
        (element(extra: #", "is_copy_only": "true""#), "is_copy_only", 1,
         "found \"true\"; allowed: true, false, 0 or 1, or null"),
        (element(extra: #", "checkpoint_lsn": """#), "checkpoint_lsn", 1, nil),
        (element(extra: #", "differential_base_guid": "not-a-guid""#), "differential_base_guid", 1,
         "found \"not-a-guid\"; allowed: a GUID string such as 6F9619FF-8B86-D011-B42D-00C04FC964FF, or null"),
        (element(extra: #", "device_type": "7""#), "device_type", 1, "found \"7\"; allowed: an integer, or null"),
        (element(extra: #", "type": "D""#), "type", 1, "appears twice in this object; allowed: each key once"),
    ] as [(String, String, Int?, String?)])
    func rejectsAColumnItCannotRead(json: String, key: String, id: Int?, message: String?) {
        let error = failure(json)
        #expect(error?.key == key)
        #expect(error?.elementIndex == 0)
        #expect(error?.backupSetId == id)
        #expect(error?.line == 1)
        if let message { #expect(error?.message == message) }
    }

    @Test(arguments: ["backup_set_id", "database_name", "type", "first_lsn", "last_lsn"])
    func requiresTheFiveColumns(key: String) throws {
        let complete = element()
        let start = try #require(complete.range(of: "\"\(key)\": "))
        let end = complete[start.upperBound...].firstIndex(where: { $0 == "," || $0 == "}" }) ?? complete.endIndex
        var json = complete
        json.removeSubrange(start.lowerBound..<end)
        json = json.replacingOccurrences(of: "{, ", with: "{").replacingOccurrences(of: ", }", with: "}")
            .replacingOccurrences(of: ", ,", with: ",")
        let error = failure(json)
        #expect(error?.key == key)
        #expect(error?.message.hasPrefix("missing; allowed: ") == true)
        #expect(error?.backupSetId == (key == "backup_set_id" ? nil : 1))
    }

    @Test func requiresUniqueBackupSetIds() {
        let error = failure(element(id: "4"), element(id: "5"), element(id: "4"))
        #expect(error?.elementIndex == 2)
        #expect(error?.backupSetId == 4)
        #expect(error?.key == "backup_set_id")
        #expect(error?.message == "backup_set_id 4 is also element 0's; allowed: an id no other element has")
    }

    @Test func requiresAnArrayOfObjects() {
        #expect(throws: BackupHistoryError(
            message: "found an object; allowed: a JSON array of backupset objects", line: 1, column: 1)
        ) { try BackupHistory(json: "{}") }
        #expect(throws: BackupHistoryError(
            message: "found a number; allowed: a backupset object", line: 1, column: 2, elementIndex: 0)
        ) { try BackupHistory(json: "[1]") }
    }

    @Test func reportsJSONSyntaxErrorsWithLineAndColumn() {
        #expect(throws: BackupHistoryError(
            message: "expected ',' or ']' after an array element", line: 3, column: 1)
        ) { try BackupHistory(json: "[\n" + element() + "\n" + element(id: "2") + "]") }
    }
}

@Suite struct BackupHistoryLookupTests {
    let history = BackupHistory([
        BackupSet(backupSetId: 1, databaseName: "Sales", type: .database, firstLsn: .zero, lastLsn: .zero),
        BackupSet(backupSetId: 2, databaseName: "Sales", type: .log, firstLsn: .zero, lastLsn: .zero),
        BackupSet(backupSetId: 3, databaseName: "Inventory", type: .database, firstLsn: .zero, lastLsn: .zero),
        BackupSet(backupSetId: 4, databaseName: "Sales", type: .file, firstLsn: .zero, lastLsn: .zero),
    ])

    @Test func takesTheOnlyDatabaseWhenNoneIsNamed() throws {
        #expect(try BackupHistory(history.backups(of: "Sales")).database(named: nil) == "Sales")
    }

    @Test func asksForADatabaseWhenThereAreSeveral() throws {
        #expect(throws: BackupHistoryError(
            message: "holds backups of 2 databases; allowed: --database with one of \"Inventory\", \"Sales\"")
        ) { try history.database(named: nil) }
        #expect(throws: BackupHistoryError(
            message: "holds no backups of database \"sales\"; allowed: --database with one of \"Inventory\", \"Sales\"")
        ) { try history.database(named: "sales") }
        #expect(try history.database(named: "Inventory") == "Inventory")
    }

    @Test func refusesAnEmptyHistory() {
        #expect(throws: BackupHistoryError.self) { try BackupHistory([]).database(named: nil) }
    }

    @Test func looksUpAnExplicitSequenceInTheOrderGiven() throws {
        let (database, backups) = try history.sequence(ids: [2, 1, 2], database: nil)
        #expect(database == "Sales")
        #expect(backups.map(\.backupSetId) == [2, 1, 2])
    }

    @Test func refusesUnknownIdsOtherDatabasesAndFileBackups() {
        #expect(throws: BackupHistoryError(
            message: "has no backup with backup_set_id 99; allowed: a backup_set_id from the history")
        ) { try history.sequence(ids: [1, 99], database: nil) }
        #expect(throws: BackupHistoryError(
            message: "backup_set_id 3 is a backup of database \"Inventory\", not \"Sales\"; allowed: backups of one database")
        ) { try history.sequence(ids: [1, 3], database: nil) }
        #expect(throws: BackupHistoryError(
            message: "backup_set_id 1 is a backup of database \"Sales\", not \"Inventory\"; allowed: backups of one database")
        ) { try history.sequence(ids: [1], database: "Inventory") }
        #expect(throws: BackupHistoryError(
            message: "backup_set_id 4 is a file backup (type F); allowed: database (D), differential (I) and log (L) backups")
        ) { try history.sequence(ids: [1, 4], database: nil) }
        #expect(throws: BackupHistoryError.self) { try history.sequence(ids: [], database: nil) }
    }
}
