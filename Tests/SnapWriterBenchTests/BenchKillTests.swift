import Foundation
import SnapWriter
@testable import SnapWriterBench
import Testing
import TestSupport

/// `kill -9` of a real `snapwriter bench` mid-measurement leaves a dead volume mount, an
/// orphaned C passthrough still serving its mount, and the run directory; the next bench in
/// the same place ends the orphan, unmounts both, removes the directory, says so and runs.
@Suite(.serialized, .enabled(if: FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1",
                             "/dev/fuse cannot be opened here; FUSE tests are skipped"))
final class BenchKillTests {
    let parent = FileManager.default.temporaryDirectory.appendingPathComponent("benchkill-\(UUID().uuidString)").path
    let logs = FileManager.default.temporaryDirectory.appendingPathComponent("benchkill-logs-\(UUID().uuidString)").path
    var orphan: ProcessIdentity?

    init() throws {
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
    }

    deinit {
        if let orphan, orphan.isRunning { kill(orphan.pid, SIGKILL) }
        for mount in MountTable().fuseMounts(under: BenchRunDirectory(path: parent).resolvedPath) {
            StaleMounts.release(mount)
        }
        try? FileManager.default.removeItem(atPath: parent)
        try? FileManager.default.removeItem(atPath: logs)
    }

    /// The killed bench's run directory, once its volume is mounted and a workload has
    /// made a file on it (so the bench holds a file open on its own mount).
    func runWithVolumeInUse(timeout: TimeInterval) -> BenchRunDirectory? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let mount = StaleMounts.snapwriterMounts(under: parent).first(where: { $0.hasSuffix("/volume-mnt") }) {
                // The path is only taken apart: a lookup in the mount could hang once the bench is killed.
                let run = BenchRunDirectory(path: String(mount.dropLast("/volume-mnt".count)))
                let files = (try? FileManager.default.contentsOfDirectory(atPath: run.path + "/volume/live")) ?? []
                if !files.isEmpty { return run }
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return nil
    }

    /// Waits up to `timeout` for a process to end; true when it did.
    func ended(_ process: Process, within timeout: TimeInterval) -> Bool {
        eventually(within: timeout) { !process.isRunning }
    }

    func runDirectories() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(BenchRunDirectory.namePrefix) }
    }

    func log(_ name: String) throws -> FileHandle {
        let path = logs + "/" + name
        try #require(FileManager.default.createFile(atPath: path, contents: nil))
        return try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    @Test func aBenchKilledOutrightIsCleanedUpByTheNextRun() throws {
        // The bench starts the passthrough before the volume, when it can build it.
        let passthroughExpected = Subprocess.find("cc") != nil && Subprocess.find("pkg-config") != nil
        let killed = try SnapWriterExecutable.start(["bench", "--quick", "--directory", parent],
                                                    stdout: try log("killed.out"), stderr: try log("killed.err"))
        let run = try #require(runWithVolumeInUse(timeout: 60), "the bench mounted its volume and wrote to it")
        kill(killed.processIdentifier, SIGKILL)

        // Killed while using its own mount, the bench may hang in its exit until that mount's
        // connection is aborted (closing its file waits for a reply it was to send itself),
        // so nothing here looks inside the mount.
        let exitedAtOnce = ended(killed, within: 3)
        #expect(killed.processIdentifier == run.owner?.pid, "bench.pid names the killed bench")
        #expect(run.owner?.isRunning == false, "a killed bench counts as gone, even while it hangs in its exit")
        #expect(MountTable().isMounted(run.path + "/volume-mnt", type: "fuse.snapwriter"), "its volume mount is left")
        if exitedAtOnce { #expect(StaleMounts.isStale(run.path + "/volume-mnt"), "the mount's connection is dead") }
        #expect(try runDirectories() == [String(run.path.split(separator: "/").last ?? "")])
        if passthroughExpected {
            let passthrough = try #require(run.passthrough, "passthrough.pid was written")
            orphan = passthrough
            #expect(passthrough.isRunning, "the passthrough outlives the bench")
            #expect(run.isNamed(byArgumentsOf: passthrough))
            #expect(MountTable().isMounted(run.path + "/passthrough-mnt", type: PassthroughReference.fileSystemType))
        }

        let rerun = try SnapWriterExecutable.start(["bench", "--quick", "--directory", parent],
                                                   stdout: try log("rerun.out"), stderr: try log("rerun.err"))
        rerun.waitUntilExit()
        let stderr = try String(contentsOfFile: logs + "/rerun.err", encoding: .utf8)
        #expect(rerun.terminationStatus == 0, "\(stderr)")
        let mounts = passthroughExpected ? "2 stale mounts" : "1 stale mount"
        #expect(stderr.contains("cleaned up after an interrupted bench run: \(run.path) (\(mounts)"), "\(stderr)")
        if let orphan {
            #expect(stderr.contains("ended its C passthrough, pid \(orphan.pid)"))
            #expect(!orphan.isRunning, "the orphaned passthrough is gone")
        }
        #expect(ended(killed, within: 60), "the killed bench has finished exiting")
        #expect(MountTable().fuseMounts(under: run.resolvedPath).isEmpty)
        #expect(MountTable().fuseMounts(under: BenchRunDirectory(path: parent).resolvedPath).isEmpty, "no FUSE mount is left")
        #expect(try runDirectories().isEmpty, "neither run directory is left")
        #expect(try String(contentsOfFile: logs + "/rerun.out", encoding: .utf8).contains("seq-write"))
    }
}
