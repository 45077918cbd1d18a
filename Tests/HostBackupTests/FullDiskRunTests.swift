import Foundation
import HostBackup
import SnapWriter
import Testing

/// `--out` on a 2 MiB tmpfs: the images do not fit, and the run must never claim a
/// successful host backup. Mounting a tmpfs needs root; CI runs as root and sets
/// SNAPWRITER_REQUIRE_FUSE=1, which makes this test required there.
@Suite(.serialized, .enabled(if: getuid() == 0 || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1",
                             "mounting a tmpfs needs root"))
struct FullDiskRunTests {
    static let scenario = """
        name: full-disk
        seed: 5
        vms:
          - name: VM1
            sql: { version: 2012-SP2-CU2, databases: [ { name: Sales }, { name: Inventory } ] }
          - name: VM2
            sql: { version: 2012-SP2-CU2, databases: [ { name: Sales } ] }

        """

    @Test(arguments: [
        ("", Int32(3)),
        ("expect:\n  result: succeeded\n", Int32(1)),
    ])
    func aFullDiskIsNeverASuccess(expect: String, exit: Int32) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-fulldisk-\(UUID().uuidString)")
        let disk = scratch.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let mounted = try CLIProcess.tool("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.path], in: scratch)
        try #require(mounted.status == 0, "mount: \(mounted.stderr)")
        defer { _ = try? CLIProcess.tool("umount", ["-l", disk.path], in: scratch) }
        try (Self.scenario + expect).write(to: scratch.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let outcome = try BoundedProcess.run(["run", "s.yaml", "--out", "disk/out"], in: scratch)
        #expect(!outcome.hung)
        #expect(outcome.status == exit, "\(outcome.stderr)")
        #expect(!outcome.stdout.contains("Host backup SUCCEEDED"))
        #expect(outcome.stderr.contains("No space left on device"), "\(outcome.stderr)")
        #expect(BoundedProcess.mounts(under: disk.resolvingSymlinksInPath().path).isEmpty)
        if let document = try? String(contentsOf: disk.appendingPathComponent("out/result.json"), encoding: .utf8) {
            #expect(!document.contains("\"result\": \"succeeded\""))
        }
        let partials = BoundedProcess.tree(disk.path).filter { $0.hasSuffix(".partial") || $0.hasSuffix(".tar") }
        #expect(partials.isEmpty, "\(partials)")
    }
}
