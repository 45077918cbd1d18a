import Foundation
@testable import HostBackup
import SnapWriter
import Testing

/// `snapwriter vshadow`: the SDK sample's flags and shapes, golden with ids masked.
@Suite struct VshadowFaceTests {
    typealias Scratch = DiskshadowFaceTests.Scratch

    static let banner = "\nVSHADOW.EXE 3.0 - Volume Shadow Copy sample client.\n"
        + "Copyright (C) 2005 Microsoft Corporation. All rights reserved.\n\n\n"

    /// After the scenario's default host backup (`--after-step 0`), the secondary's writer is
    /// still failed; without it, every writer is stable.
    @Test func writerStatusPrintsTheWriterBlocks() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fresh = try CLIProcess.run(["vshadow", "-ws", "--scenario", scratch.scenario, "--vm", "VM3"])
        #expect(fresh.stdout.contains("* WRITER \"SqlServerWriter\"\n   - Status: 1 (VSS_WS_STABLE)\n"), "\(fresh.stdout)")
        let outcome = try CLIProcess.run(["vshadow", "-ws", "--scenario", scratch.scenario, "--vm", "VM3", "--after-step", "0"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let golden = Self.banner + """
            (Option: List writer status)
            (Gathering writer metadata...)
            (Waiting for the asynchronous operation to finish...)
            Initialize writer metadata ...
            (Waiting for the asynchronous operation to finish...)
            Listing writer status ...
            - Number of writers that responded: 5

            * WRITER "SqlServerWriter"
               - Status: 8 (VSS_WS_FAILED_AT_PREPARE_SNAPSHOT)
               - Writer Failure code: 0x800423f4 (VSS_E_WRITERERROR_NONRETRYABLE)
               - Writer ID: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}
               - Instance ID: {…}


            """
        #expect(DiskshadowFaceTests.masked(outcome.stdout).hasPrefix(golden), "\(outcome.stdout)")
        #expect(outcome.stdout.components(separatedBy: "\n\n* WRITER \"").count == 6, "a block per writer, each after a blank line")
        #expect(outcome.stdout.contains("* WRITER \"ASR Writer\"\n   - Status: "))
    }

    @Test func aFullShadowCopyOfTheSecondaryFailsUnlessTheSQLWriterIsExcluded() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let failed = try CLIProcess.run(["vshadow", "D:", "--scenario", scratch.scenario, "--vm", "VM3"])
        #expect(failed.status == 1)
        #expect(DiskshadowFaceTests.masked(failed.stdout).contains("""
            Creating the shadow (DoSnapshotSet) ... 
            (Waiting for the asynchronous operation to finish...)

            ERROR: Selected writer 'SqlServerWriter' is in failed state!
               - Status: 8 (VSS_WS_FAILED_AT_PREPARE_SNAPSHOT)
               - Writer Failure code: 0x800423f4 (VSS_E_WRITERERROR_NONRETRYABLE)
               - Writer ID: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}
               - Instance ID: {…}

            """), "\(failed.stdout)")

        let excluded = try CLIProcess.run(["vshadow", "-p", "-wx=SqlServerWriter", "D:", "--scenario", scratch.scenario,
                                           "--vm", "VM3"])
        #expect(excluded.status == 0, "\(excluded.stdout)\(excluded.stderr)")
        let text = DiskshadowFaceTests.masked(excluded.stdout)
        #expect(text.hasPrefix(Self.banner + """
            (Option: Persistent shadow copy)
            (Option: Excluding writer/component 'SqlServerWriter')
            (Option: Create shadow copy set)
            - Setting the VSS context to: 0x00000009
            (Gathering writer metadata...)
            """), "\(excluded.stdout)")
        #expect(!text.contains(" * Writer 'SqlServerWriter':"))
        #expect(text.contains("""
            * SNAPSHOT ID = {…} ...
               - Shadow copy Set: {…}
               - Original count of shadow copies = 1
               - Original Volume name: \\\\?\\Volume{…}\\ [D:\\]
               - Creation Time: DATE
               - Shadow copy device name: \\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1
               - Originating machine: VM3
               - Service machine: VM3
               - Not Exposed
               - Provider id: {b5946137-7b9f-4925-af80-51abd60b20d5}
               - Attributes:  No_Auto_Release Persistent Differential

            - Mark all writers as succesfully backed up... 
            Completing the backup (BackupComplete) ... 
            (Waiting for the asynchronous operation to finish...)

            Snapshot creation done.

            """), "\(excluded.stdout)")
    }

    @Test func noWritersAndExec() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let marker = scratch.directory.appendingPathComponent("ran").path
        let exec = try scratch.write("copy.sh", "printf '%s\\n' \"$SHADOW_DEVICE_1\" > '\(marker)'\n")
        let outcome = try CLIProcess.run(["vshadow", "-nw", "-exec=\(exec)", "C:", "D:", "--scenario", scratch.scenario,
                                          "--vm", "VM3"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Setting the VSS context to: 0x00000010\nCreating shadow set {"))
        #expect(!outcome.stdout.contains("Gathering writer metadata"))
        #expect(try String(contentsOfFile: marker, encoding: .utf8) == "\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1\n")
        #expect(outcome.stdout.contains("Attributes:  Auto_Release No_Writers Differential\n\nExecuting command '\(exec)' ..."))
        #expect(outcome.stdout.hasSuffix("-----------------------------------------------------\n\nSnapshot creation done.\n"))

        let failing = try scratch.write("fail.sh", "exit 4\n")
        let failed = try CLIProcess.run(["vshadow", "-exec=\(failing)", "D:", "--scenario", scratch.scenario, "--vm", "VM2"])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("ERROR: Command line '\(failing)' failed!. Aborting the backup...\n- Returned error code: 4\n"))
    }

    @Test func badArgumentsAreRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let cases: [([String], String)] = [
            (["-frob"], "vshadow: '-frob': unknown flag"),
            (["-ad", "D:"], "vshadow: '-ad': not emulated"),
            (["-wx=Nobody", "D:"], "vshadow: '-wx=Nobody': no such writer on VM3"),
            (["Q:"], "vshadow: 'Q:': no such volume on VM3; volumes: C:, D:"),
            (["D:", "-p"], "vshadow: '-p': expected a volume"),
            (["-exec=/nonexistent/x.cmd", "D:"], "the parameter '/nonexistent/x.cmd' must be an existing file"),
        ]
        for (arguments, message) in cases {
            let outcome = try CLIProcess.run(["vshadow"] + arguments + ["--scenario", scratch.scenario, "--vm", "VM3"])
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
    }

    @Test func theFlagParserReadsVshadowsForms() throws {
        let arguments = try VshadowArguments(["/P", "-wi=\"System Writer\"", "-WX=SqlServerWriter", "c:\\", "d:"])
        #expect(arguments.persistent && arguments.included == ["System Writer"] && arguments.excluded == ["SqlServerWriter"])
        #expect(arguments.operation == .create(["C:", "D:"]))
        #expect(try VshadowArguments(["-wm2", "ignored"]).operation == .writerMetadata(detailed: true))
    }
}
