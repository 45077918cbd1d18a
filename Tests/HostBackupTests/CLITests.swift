import Foundation
import Testing

/// The interface's exit codes and outputs, through the real executable.
@Suite(.serialized) struct CLITests {
    @Test func aMalformedScenarioIsExitTwoWithLineAndKeyAndNothingRuns() throws {
        let cases: [(yaml: String, key: String, line: Int)] = [
            ("name: x\nvms:\n  - name: VM1\n    stat: running\n", "vms[0]", 4),
            ("name: x\nvms:\n  - name: VM1\n    backupIntegrationService: maybe\n", "vms[0].backupIntegrationService", 4),
            ("name: x\nvms:\n  - name: VM1\n    sql:\n      version: 2014\n      databases: [{name: Sales}]\n"
                + "availabilityGroups:\n  - name: AG1\n    databases: [Sales]\n    replicas:\n      - vm: VM1\n"
                + "        role: primary\n      - vm: VM9\n        role: secondary\n",
             "availabilityGroups[0].replicas[1].vm", 13),
        ]
        for item in cases {
            let path = try CLIProcess.temporaryFile(item.yaml)
            let outcome = try CLIProcess.run(["run", path, "--format", "json"])
            #expect(outcome.status == 2, "\(item.key): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty, "nothing runs on bad input")
            #expect(outcome.stderr.contains("\(path):\(item.line):"), "\(outcome.stderr)")
            #expect(outcome.stderr.contains(item.key), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "one message: \(outcome.stderr)")
        }
    }

    @Test func aMissedExpectationIsExitOneAndPrintsEachMiss() throws {
        let path = try CLIProcess.temporaryFile("""
            name: miss
            vms:
              - name: VM1
            expect:
              result: failed
              vms:
                VM1:
                  method: saved-state
            """)
        let outcome = try CLIProcess.run(["run", path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("expectation missed: result: expected failed, got succeeded"))
        #expect(outcome.stderr.contains("expectation missed: vms.VM1.method: expected saved-state, got child-vm-snapshot"))
        #expect(outcome.stderr.contains("snapwriter run \(path) --seed 0"))
    }

    @Test func aFailedHostBackupIsAResultNotAnError() throws {
        let outcome = try CLIProcess.run(["run", "examples/version-2012-sp1-secondary-fails.yaml", "--format", "json"])
        #expect(outcome.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect(json?["schema"] as? String == "snapwriter.run/1")
        #expect(json?["result"] as? String == "failed")
        #expect(json?["hresult"] as? String == "0x800423F4")
        let failure = json?["failure"] as? [String: Any]
        #expect(failure?["vm"] as? String == "VM3")
        #expect(failure?["writer"] as? String == "SqlServerWriter")
        #expect(failure?["event"] as? String == "prepare-snapshot")
        let vms = json?["vms"] as? [[String: Any]] ?? []
        let vm3 = vms.first { $0["name"] as? String == "VM3" }
        #expect(vm3?["backupType"] as? String == "VSS_BT_FULL")
        let writer = (vm3?["writers"] as? [[String: Any]])?.first { $0["name"] as? String == "SqlServerWriter" }
        #expect(writer?["stateCode"] as? Int == 8)
        #expect(writer?["id"] as? String == "{a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}")
    }

    @Test func theSameRunTwiceIsByteIdentical() throws {
        let first = try CLIProcess.run(["run", "examples/three-vms-2012-sp2-cu2.yaml", "--format", "json"])
        let second = try CLIProcess.run(["run", "examples/three-vms-2012-sp2-cu2.yaml", "--format", "json"])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        let reseeded = try CLIProcess.run(["run", "examples/three-vms-2012-sp2-cu2.yaml", "--format", "json", "--seed", "99"])
        #expect(reseeded.stdout != first.stdout)
    }

    @Test func backupSetLSNsAreNumericStrings() throws {
        let outcome = try CLIProcess.run(["run", "examples/three-vms-2012-sp2-cu2.yaml", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let vms = json?["vms"] as? [[String: Any]] ?? []
        let vm3 = vms.first { $0["name"] as? String == "VM3" }
        let database = (vm3?["databases"] as? [[String: Any]])?.first
        let backup = database?["backup"] as? [String: Any]
        #expect(backup?["is_copy_only"] as? Bool == true)
        #expect(backup?["is_snapshot"] as? Bool == true)
        #expect(backup?["device_type"] as? Int == 7)
        #expect(backup?["type"] as? String == "D")
        let firstLsn = try #require(backup?["first_lsn"] as? String)
        #expect(firstLsn.allSatisfy { $0.isNumber })
        #expect(database?["role"] as? String == "secondary")
    }

    @Test func compareGivesOneRowPerBuild() throws {
        let outcome = try CLIProcess.run(["compare", "examples/three-vms.yaml", "--sql-versions",
                                          "2012-SP1,2012-SP2:Latin1_General_CS_AS,2012-SP2-CU2", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect(json?["schema"] as? String == "snapwriter.compare/1")
        let rows = json?["rows"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["result"] as? String } == ["failed", "failed", "succeeded"])
        #expect(rows.map { $0["sqlVersion"] as? String } == ["2012-SP1", "2012-SP2", "2012-SP2-CU2"])
        let databases = rows[2]["databases"] as? [[String: Any]] ?? []
        let secondary = databases.first { $0["vm"] as? String == "VM3" }
        #expect(secondary?["isCopyOnly"] as? Bool == true)
        #expect((rows[0]["failure"] as? [String: Any])?["event"] as? String == "prepare-snapshot")
    }

    @Test func compareRejectsAnUnknownBuild() throws {
        let outcome = try CLIProcess.run(["compare", "examples/three-vms.yaml", "--sql-versions", "2012-SP4"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("2012-SP4"))
        #expect(outcome.stderr.contains("2012-SP2-CU2"))
    }

    @Test func theDemoTellsTheSP2Story() throws {
        let outcome = try CLIProcess.run(["demo"])
        #expect(outcome.status == 0)
        let sections = outcome.stdout.components(separatedBy: "SQL Server 2012-")
        #expect(sections.count >= 4)
        #expect(sections[1].contains("FAILED") && sections[1].contains("VM3") && sections[1].contains("0x800423F4")
            && sections[1].contains("PrepareForSnapshot") && sections[1].contains("SqlServerWriter"))
        #expect(sections[2].hasPrefix("SP2:Latin1_General_CS_AS") && sections[2].contains("0x800423F4"))
        #expect(sections[3].hasPrefix("SP2-CU2") && sections[3].contains("SUCCEEDED"))
    }

    @Test func lsnConvertsBetweenItsSpellings() throws {
        let outcome = try CLIProcess.run(["lsn", "0x00000028:00000090:0001"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("40000000014400001"))
        #expect(outcome.stdout.contains("40:144:1"))
        let bad = try CLIProcess.run(["lsn", "not-an-lsn"])
        #expect(bad.status == 2)
    }

    @Test func benchRejectsUnknownFiguresBeforeMeasuring() throws {
        let outcome = try CLIProcess.run(["bench", "--only", "seq-write,warp-speed"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("warp-speed") && outcome.stderr.contains("image-copy"))
        #expect(try CLIProcess.run(["bench", "--runs", "0"]).status == 2)
    }

    @Test func unknownOptionsAreExitTwo() throws {
        let outcome = try CLIProcess.run(["run", "examples/three-vms.yaml", "--bogus"])
        #expect(outcome.status == 2)
        let missing = try CLIProcess.run(["run", "/nonexistent/scenario.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/scenario.yaml"))
    }
}

@Suite struct RunArtifactTests {
    @Test func runOutComposesWithChain() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-out-\(UUID().uuidString)")
        let run = try CLIProcess.run(["run", "examples/three-vms-2012-sp2-cu2.yaml", "--out", directory.path])
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["result.json", "events.jsonl", "history.json", "junit.xml", "msdb.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name)")
        }
        let sqlite = try Data(contentsOf: directory.appendingPathComponent("msdb.sqlite"))
        #expect(sqlite.starts(with: Data("SQLite format 3".utf8)))
        let history = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent("history.json"))) as? [[String: Any]]
        #expect(history?.count == 3)
        #expect(Set(history?.compactMap { $0["server_name"] as? String } ?? []) == ["VM1", "VM3"])
        let chain = try CLIProcess.run(["chain", directory.appendingPathComponent("history.json").path,
                                        "--database", "Sales", "--format", "json"])
        #expect(chain.status == 0, "\(chain.stderr)")
        let plan = try JSONSerialization.jsonObject(with: Data(chain.stdout.utf8)) as? [String: Any]
        #expect(plan?["restorable"] as? Bool == true)
        #expect((plan?["sequence"] as? [Int])?.count == 1)
    }

    /// The images lie under DIR/repository, named by the run document, and `tar` and
    /// `sha256sum` read them.
    @Test func runOutKeepsTheBackupImagesUnderRepository() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLIProcess.run(["run", "examples/three-vms-2012-sp2-cu2.yaml", "--out", directory.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Backup images (in repository/backup-1):"))
        let result = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent("result.json"))) as? [String: Any]
        let images = (result?["vms"] as? [[String: Any]] ?? []).compactMap { $0["image"] as? [String: Any] }
        #expect(images.compactMap { $0["path"] as? String }
            == ["repository/backup-1/VM1-D.tar", "repository/backup-1/VM2-D.tar", "repository/backup-1/VM3-D.tar"])
        #expect(images.compactMap { $0["consistency"] as? String }
            == ["application-consistent", "crash-consistent", "application-consistent"])
        let backup = directory.appendingPathComponent("repository/backup-1")
        let check = try CLIProcess.tool("sha256sum", ["-c", "SHA256SUMS"], in: backup)
        #expect(check.status == 0 && check.stdout.contains("VM1-D.tar: OK"), "\(check.stdout)\(check.stderr)")
        let listing = try CLIProcess.tool("tar", ["-tf", "VM1-D.tar"], in: backup)
        #expect(listing.stdout.split(separator: "\n")
            == ["Data/Inventory.mdf", "Data/Inventory_log.ldf", "Data/Sales.mdf", "Data/Sales_log.ldf"])
    }
}

@Suite struct EngineCLITests {
    /// The run's union history restores through every replica's log backups, to the last one.
    @Test func runOutThenChainRestoresToTheLastLogBackupTaken() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-out-\(UUID().uuidString)")
        let run = try CLIProcess.run(["run", "examples/ag-log-chain-alternates-replicas.yaml", "--out", directory.path])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent("result.json"))) as? [String: Any]
        let steps = result?["steps"] as? [[String: Any]] ?? []
        let logs = steps.compactMap { $0["backup"] as? [String: Any] }.filter { $0["type"] as? String == "L" }
        #expect(logs.compactMap { $0["server_name"] as? String } == ["VM2", "VM1", "VM3", "VM2"])
        let last = try #require(logs.last)
        let chain = try CLIProcess.run(["chain", directory.appendingPathComponent("history.json").path, "--format", "json"])
        #expect(chain.status == 0, "\(chain.stderr)")
        let plan = try JSONSerialization.jsonObject(with: Data(chain.stdout.utf8)) as? [String: Any]
        #expect(plan?["restorable"] as? Bool == true)
        let sequence = plan?["sequence"] as? [Int] ?? []
        #expect(sequence.last == last["backup_set_id"] as? Int)
        #expect(sequence.count == 5, "the full and the four log backups")
        #expect(plan?["restoredToLsn"] as? String == last["last_lsn"] as? String)
    }

    @Test func aFailedNativeBackupIsAResultWithSQLServersMessages() throws {
        let outcome = try CLIProcess.run(["run", "examples/log-chain-broken-by-simple.yaml", "--format", "json"])
        #expect(outcome.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let steps = json?["steps"] as? [[String: Any]] ?? []
        #expect(steps[7]["msg"] as? Int == 4214)
        #expect(steps[7]["ok"] as? Bool == false)
        #expect(steps[7]["text"] as? String == "Msg 4214, Level 16, State 1: BACKUP LOG cannot be performed because "
            + "there is no current database backup.\nMsg 3013, Level 16, State 1: BACKUP LOG is terminating abnormally.")
        #expect(steps[7]["backup"] is NSNull)
    }

    @Test func corruptPageAndCheckdbRunAndReportInJSON() throws {
        let path = try CLIProcess.temporaryFile("""
            name: integrity
            vms:
              - name: VM1
                sql:
                  version: 2019
                  databases:
                    - name: Sales
            steps:
              - checkdb: { vm: VM1, database: Sales }
              - corruptPage: { vm: VM1, database: Sales, page: 30 }
              - checkdb: { vm: VM1, database: Sales }
            """)
        let outcome = try CLIProcess.run(["run", path, "--format", "json"])
        #expect(outcome.status == 0, "a failed CHECKDB is a result, not an error")
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let steps = json?["steps"] as? [[String: Any]] ?? []
        #expect(steps[0]["ok"] as? Bool == true && steps[0]["text"] is NSNull)
        let clean = steps[0]["checkdb"] as? [String: Any]
        #expect((clean?["output"] as? [String])?.contains(
            "CHECKDB found 0 allocation errors and 0 consistency errors in database 'Sales'.") == true)
        #expect(steps[1]["ok"] as? Bool == true)
        #expect(steps[2]["ok"] as? Bool == false && steps[2]["msg"] as? Int == 8939)
        let found = steps[2]["checkdb"] as? [String: Any]
        #expect(found?["consistencyErrors"] as? Int == 2)
        #expect((found?["damagedPages"] as? [[String: Any]])?.map { $0["page"] as? Int } == [30])
    }
}

@Suite struct RunReplayTests {
    @Test func twoRunsWriteByteIdenticalResultAndEvents() throws {
        let first = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        let second = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        for directory in [first, second] {
            let outcome = try CLIProcess.run(["run", "examples/ag-log-chain-alternates-replicas.yaml", "--out", directory.path])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        for name in ["result.json", "events.jsonl", "history.json"] {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            let b = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between two runs of the same scenario and seed")
            #expect(!a.isEmpty)
        }
    }
}
