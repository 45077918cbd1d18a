import Foundation
@testable import HostBackup
import SnapWriter
import Testing

/// diskshadow's `expose` onto real FUSE mounts: a drive letter inside the run directory, an
/// existing empty directory, both unmounted at the end.
@Suite(.serialized) struct ExposeFaceTests {
    static var fuseUsable: Bool {
        FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1"
    }

    @Test(.enabled(if: fuseUsable, "/dev/fuse cannot be opened here; exposing shadow copies needs FUSE"))
    func exposeMountsTheShadowCopyReadOnlyAndEverythingIsUnmountedAtTheEnd() throws {
        let scratch = try DiskshadowFaceTests.Scratch(volumes: "fuse")
        defer { scratch.remove() }
        let out = scratch.directory.appendingPathComponent("run").path
        let listing = scratch.directory.appendingPathComponent("listing").path
        // The exec runs in the run directory: the drive letter is `exposed/P` there, read-only.
        let copy = try scratch.write("copy.sh", """
            ls -R exposed/P > '\(listing)'
            touch exposed/P/new 2>/dev/null && exit 9
            exit 0
            """)
        let script = try scratch.write("expose.dsh", """
            set context persistent
            add volume D: alias Data
            create
            expose %Data% P:
            list shadows id %Data%
            exec \(copy)
            delete shadows exposed P:
            expose %Data% Q:
            """)
        let outcome = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", scratch.scenario, "--vm", "VM3",
                                          "--out", out])
        #expect(outcome.stdout.contains("-> expose %Data% P:\nThe shadow copy was successfully exposed as P:\\.\n"),
                "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("\t\t- Exposed locally as: P:\\\n"))
        #expect(outcome.stdout.contains("Number of shadow copies deleted: 1\n"))
        #expect(outcome.stdout.range(of: #"-> expose %Data% Q:\nThe shadow copy \{[0-9a-f-]{36}\} was not found.\n$"#,
                                     options: .regularExpression) != nil, "\(outcome.stdout)")
        #expect(outcome.status == 1, "the last expose names a deleted shadow copy")
        let seen = try String(contentsOfFile: listing, encoding: .utf8)
        #expect(seen.contains("Sales"), "the exec saw the database files on the exposed shadow copy: \(seen)")
        // Nothing stays mounted: the run directory holds no mount once the command ended.
        let mounts = try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)
        #expect(!mounts.contains(scratch.directory.path))
    }

    @Test(.enabled(if: fuseUsable, "/dev/fuse cannot be opened here; exposing shadow copies needs FUSE"))
    func exposeOntoAnExistingEmptyDirectory() throws {
        let scratch = try DiskshadowFaceTests.Scratch(volumes: "fuse")
        defer { scratch.remove() }
        let mine = scratch.directory.appendingPathComponent("mine").path
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        let listing = scratch.directory.appendingPathComponent("listing").path
        let copy = try scratch.write("copy.sh", "ls '\(mine)' > '\(listing)'\n")
        let script = try scratch.write("expose.dsh", "add volume D: alias Data\ncreate\nexpose %Data% \(mine)\nexec \(copy)\n")
        let outcome = try CLIProcess.run(["diskshadow", "-s", script, "--scenario", scratch.scenario, "--vm", "VM3"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("The shadow copy was successfully exposed as \(mine).\n"))
        #expect(try !String(contentsOfFile: listing, encoding: .utf8).isEmpty)
        #expect(FileManager.default.fileExists(atPath: mine), "the user's directory stays")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mine).isEmpty)
        let mounts = try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)
        #expect(!mounts.contains(mine))
    }
}
