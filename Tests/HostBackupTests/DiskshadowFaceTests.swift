import Foundation
@testable import HostBackup
import SnapWriter
import Testing

/// `snapwriter diskshadow`: diskshadow's script grammar and output shapes, golden with the
/// ids and dates masked, on the SP1 secondary, the SQL writer excluded, and the host.
@Suite struct DiskshadowFaceTests {
    /// A scratch directory with a scenario on memory volumes (writer states do not depend on
    /// them) and the scripts a test writes; removed by `remove()`.
    struct Scratch {
        let directory: URL

        /// `volumes`: memory by default; `fuse` for a test that exposes shadow copies.
        init(sqlVersion: String = "2012-SP1", volumes: String = "memory") throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("diskshadow-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let scenario = ScenarioFixtures.threeVMs(version: sqlVersion)
                .replacingOccurrences(of: "name: three-vms\n", with: "name: three-vms\nvolumes: \(volumes)\n")
            try write("scenario.yaml", scenario)
        }

        var scenario: String { directory.appendingPathComponent("scenario.yaml").path }

        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    /// Every GUID but the writers' and the provider's well-known class ids, and every date.
    static func masked(_ text: String) -> String {
        let kept = Set(WriterIdentity.known.map(\.writerId) + [WriterIdentity.softwareProviderId])
        var result = text
        let guid = try! NSRegularExpression(pattern: #"\{[0-9a-fA-F-]{36}\}"#)
        for match in guid.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            let range = Range(match.range, in: text)!
            if !kept.contains(String(text[range])) { result.replaceSubrange(range, with: "{…}") }
        }
        return result.replacingOccurrences(of: #"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M"#, with: "DATE",
                                           options: .regularExpression)
    }

    @Test func theSP1SecondaryFailsCreateAndListWritersStatusShowsIt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let script = try scratch.write("sp1.dsh", """
            # a full backup of the data volume
            begin backup
            add volume D: alias DataShadow
            create
            end backup
            list writers status
            """)
        let outcome = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", scratch.scenario, "--vm", "VM3"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let golden = """
            Microsoft DiskShadow version 1.0
            Copyright (C) 2013 Microsoft Corporation
            On computer:  VM3,  DATE

            -> begin backup
            -> add volume D: alias DataShadow
            -> create
            Writer "SqlServerWriter" failed: status 8 (VSS_WS_FAILED_AT_PREPARE_SNAPSHOT), failure code 0x800423f4 (VSS_E_WRITERERROR_NONRETRYABLE).
            The shadow copy set was not created because a writer failed; see list writers status.
            -> end backup
            -> list writers status
            Listing writer status ...
            * WRITER "SqlServerWriter"
                    - Status: 8 (VSS_WS_FAILED_AT_PREPARE_SNAPSHOT)
                    - Writer Failure code: 0x800423f4 (VSS_E_WRITERERROR_NONRETRYABLE)
                    - Writer ID: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}
                    - Instance ID: {…}
            * WRITER "System Writer"
                    - Status: 5 (VSS_WS_WAITING_FOR_BACKUP_COMPLETE)
                    - Writer Failure code: 0x00000000 (S_OK)
                    - Writer ID: {e8132975-6f93-4464-a53e-1050253ae220}
                    - Instance ID: {…}
            * WRITER "Registry Writer"
                    - Status: 5 (VSS_WS_WAITING_FOR_BACKUP_COMPLETE)
                    - Writer Failure code: 0x00000000 (S_OK)
                    - Writer ID: {afbab4a2-367d-4d15-a586-71dbb18f8485}
                    - Instance ID: {…}
            * WRITER "WMI Writer"
                    - Status: 5 (VSS_WS_WAITING_FOR_BACKUP_COMPLETE)
                    - Writer Failure code: 0x00000000 (S_OK)
                    - Writer ID: {a6ad56c2-b509-4e6c-bb19-49d8f43532f0}
                    - Instance ID: {…}
            * WRITER "ASR Writer"
                    - Status: 5 (VSS_WS_WAITING_FOR_BACKUP_COMPLETE)
                    - Writer Failure code: 0x00000000 (S_OK)
                    - Writer ID: {be000cbe-11fe-4426-9c58-531aa6355fc4}
                    - Instance ID: {…}
            5 writers listed.

            """
        #expect(Self.masked(outcome.stdout) == golden, "\(outcome.stdout)")
    }

    @Test(arguments: ["{a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}", "\"SqlServerWriter\"", "SqlServerWriter"])
    func excludingTheSQLWriterTakesTheBackupWithoutIt(writer: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let script = try scratch.write("exclude.dsh", """
            writer exclude \(writer)
            begin backup
            add volume D: alias DataShadow
            create
            end backup
            """)
        let outcome = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", scratch.scenario, "--vm", "VM3"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let golden = """
            -> create
            Alias DataShadow for shadow ID {…} set as environment variable.
            Alias VSS_SHADOW_SET for shadow set ID {…} set as environment variable.

            Querying all shadow copies with the shadow copy set ID {…}

            \t* Shadow copy ID = {…}\t\t%DataShadow%
            \t\t- Shadow copy set: {…}\t\t%VSS_SHADOW_SET%
            \t\t- Original count of shadow copies = 1
            \t\t- Original volume name: \\\\?\\Volume{…}\\ [D:\\]
            \t\t- Creation time: DATE
            \t\t- Shadow copy device name: \\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1
            \t\t- Originating machine: VM3
            \t\t- Service machine: VM3
            \t\t- Not exposed
            \t\t- Provider ID: {b5946137-7b9f-4925-af80-51abd60b20d5}
            \t\t- Attributes:  Auto_Release Differential

            Number of shadow copies listed: 1
            -> end backup

            """
        #expect(Self.masked(outcome.stdout).hasSuffix(golden), "\(outcome.stdout)")
    }

    @Test func microsoftsHyperVScriptRunsOnTheHost() throws {
        let scratch = try Scratch(sqlVersion: "2012-SP2-CU2")
        defer { scratch.remove() }
        let script = CLIProcess.packageRoot.appendingPathComponent("examples/diskshadow/hyperv-host-backup.dsh").path
        let outcome = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", scratch.scenario, "--host"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let text = Self.masked(outcome.stdout)
        #expect(text.hasPrefix("Microsoft DiskShadow version 1.0\nCopyright (C) 2013 Microsoft Corporation\nOn computer:  HV01,  DATE\n\n"
            + "-> set context persistent\n-> writer verify {66841cd4-6ded-4f4b-8f17-fd23f8ddc3de}\n-> begin backup\n"
            + "-> add volume C: alias HyperVShadow\n-> create\nAlias HyperVShadow for shadow ID {…} set as environment variable.\n"),
                "\(outcome.stdout)")
        #expect(text.contains("\t\t- Attributes:  No_Auto_Release Persistent Differential\n"))
        #expect(text.hasSuffix("Number of shadow copies listed: 1\n-> end backup\n-> exit\n"))

        // On the SP1 host the guest's failure reaches the host writer, which the script verifies.
        let failing = try Scratch()
        defer { failing.remove() }
        let failed = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", failing.scenario, "--host"])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("Writer \"Microsoft Hyper-V VSS Writer\" failed: status 8 (VSS_WS_FAILED_AT_PREPARE_SNAPSHOT), "
            + "failure code 0x800423f4 (VSS_E_WRITERERROR_NONRETRYABLE)."), "\(failed.stdout)")
    }

    @Test func aCopyBackupWithoutBeginBackupSucceedsOnTheSP1Secondary() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let script = try scratch.write("copy.dsh", "add volume d:\ncreate\nlist shadows all\ndelete shadows all\nlist shadows all\n")
        let outcome = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", scratch.scenario, "--vm", "VM3"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let text = Self.masked(outcome.stdout)
        #expect(text.contains("Alias VSS_SHADOW_1 for shadow ID {…} set as environment variable.\n"))
        #expect(text.contains("-> list shadows all\nQuerying all shadow copies on the computer ...\n\n\t* Shadow copy ID = {…}\t\t%VSS_SHADOW_1%\n"))
        #expect(text.contains("Number of shadow copies deleted: 1\n"))
        #expect(text.hasSuffix("-> list shadows all\nQuerying all shadow copies on the computer ...\n\nNo shadow copies found in system.\n"))
    }

    @Test func writerVerifyOfAnExcludedWriterFailsCreate() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let script = try scratch.write("verify.dsh", """
            writer exclude "System Writer"
            writer verify {e8132975-6f93-4464-a53e-1050253ae220}
            add volume C:
            create
            list shadows all
            """)
        let outcome = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", scratch.scenario, "--vm", "VM2"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("-> create\nWriter {e8132975-6f93-4464-a53e-1050253ae220} is not included in the backup: "
            + "writer verification failed."), "\(outcome.stdout)")
        #expect(outcome.stdout.hasSuffix("No shadow copies found in system.\n"))
    }

    @Test func badScriptsAreRefusedWithTheirLineAndNothingRuns() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let cases: [(String, String)] = [
            ("set context persistent\nfrobnicate now\n", "bad.dsh:2: unknown command 'frobnicate'; commands: set, writer, add"),
            ("set option copy\n", "bad.dsh:1: unknown option 'copy'; options: differential, plex, transportable"),
            ("add volume Q:\n", "bad.dsh:1: no volume 'Q:' on VM3; volumes: C:, D:"),
            ("writer exclude \"No Such Writer\"\n", "bad.dsh:1: no writer No Such Writer on VM3; writers: \"SqlServerWriter\""),
            ("exec missing-backup.cmd\n", "bad.dsh:1: exec: no file 'missing-backup.cmd'"),
            ("writer exclude \"SqlServerWriter\":\\VM3\\Sales\n", "bad.dsh:1: component forms"),
            ("begin restore\n", "bad.dsh:1: 'begin restore' is not emulated"),
            ("writer verify \"System Writer\n", "bad.dsh:1: the quote opened at column 15 is not closed"),
        ]
        for (text, message) in cases {
            let script = try scratch.write("bad.dsh", text)
            let outcome = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", scratch.scenario, "--vm", "VM3"])
            #expect(outcome.status == 2, "\(text)")
            #expect(outcome.stdout.isEmpty, "\(text): nothing runs")
            #expect(outcome.stderr.contains(message.replacingOccurrences(of: "bad.dsh", with: script)), "\(outcome.stderr)")
        }
        let missing = try CLIProcess.run(["diskshadow", "-s", "/nonexistent/x.dsh", "--scenario", scratch.scenario, "--vm", "VM3"])
        #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/x.dsh: the script file cannot be read (no such file)"))
        let script = try scratch.write("ok.dsh", "list writers status\n")
        let unknownVM = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", scratch.scenario, "--vm", "VM9"])
        #expect(unknownVM.status == 2 && unknownVM.stderr.contains("--vm: unknown VM 'VM9'; VMs: VM1, VM2, VM3"))
        let neither = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", scratch.scenario])
        #expect(neither.status == 2 && neither.stderr.contains("give one of --vm VM or --host"))
    }

    @Test func execRunsARealProcessAndItsFailureEndsTheScript() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let marker = scratch.directory.appendingPathComponent("ran").path
        let good = try scratch.write("good.sh", "echo \"$DataShadow\" > '\(marker)'\n")
        let bad = try scratch.write("bad.sh", "exit 3\n")
        let script = try scratch.write("exec.dsh", """
            add volume D: alias DataShadow
            create
            exec \(good)
            exec \(bad)
            list writers status
            """)
        let outcome = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", scratch.scenario, "--vm", "VM2"])
        #expect(outcome.status == 1)
        let recorded = try String(contentsOfFile: marker, encoding: .utf8)
        #expect(recorded.range(of: #"^\{[0-9a-f-]{36}\}\n$"#, options: .regularExpression) != nil, "the alias reached the process")
        #expect(outcome.stdout.hasSuffix("-> exec \(bad)\nEXEC: \(bad) exited with code 3; DiskShadow stops the script.\n"),
                "\(outcome.stdout)")
    }

    /// The scripts under `examples/diskshadow` run as their comments say.
    @Test(arguments: [("hyperv-host-backup.dsh", "three-vms-2012-sp2-cu2.yaml", ["--host"], Int32(0)),
                      ("guest-exclude-sqlwriter.dsh", "three-vms.yaml", ["--vm", "VM3"], Int32(0)),
                      ("guest-sp1-secondary.dsh", "three-vms.yaml", ["--vm", "VM3"], Int32(1))])
    func theExampleScriptsRun(script: String, scenario: String, machine: [String], status: Int32) throws {
        let outcome = try CLIProcess.run(["diskshadow", "-s", "examples/diskshadow/\(script)",
                                          "--scenario", "examples/\(scenario)"] + machine)
        #expect(outcome.status == status, "\(outcome.stdout)\(outcome.stderr)")
    }

    @Test func theParserReadsDiskshadowsGrammar() throws {
        let script = try DiskshadowScript.parse("""
            #Diskshadow script file
            SET CONTEXT persistent nowriters   # a trailing comment
            set option differential txfrecover
            set verbose on
            writer exclude System Writer
            add volume c: alias systemvolumeshadow provider {b5946137-7b9f-4925-af80-51abd60b20d5}

            expose %systemvolumeshadow% p:
            list writers
            delete shadows exposed p:
            """, file: "s.dsh")
        #expect(script.lines.map(\.command) == [
            .setContext(.persistent, noWriters: true), .setOption(["differential", "txfrecover"]), .setVerbose(true),
            .writerExclude("System Writer"), .addVolume("c:", alias: "systemvolumeshadow"),
            .expose("%systemvolumeshadow%", as: "p:"), .listWriters(.metadata), .deleteShadows(.exposed("p:")),
        ])
        #expect(script.lines.map(\.number) == [2, 3, 4, 5, 6, 8, 9, 10])
        #expect(script.lines[0].text == "SET CONTEXT persistent nowriters   # a trailing comment")
    }
}
