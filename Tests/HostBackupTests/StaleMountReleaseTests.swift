import Foundation
@testable import SnapWriter
import Testing
import TestSupport

/// The one cleanup every command uses for a mount whose server will never answer
/// (`StaleMounts.release`): a program waiting on that mount is let go and the mount goes,
/// on a machine without fusectl mounted as on one with it, and the machine's fusectl is
/// left as it was found. The server here is stopped, not killed, so its connection stays
/// open and only an abort can answer the waiting write, as for a killed process that
/// served its own mount and hangs in its exit.
@Suite(.serialized, .enabled(if: FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1",
                             "/dev/fuse cannot be opened here; FUSE tests are skipped"))
final class StaleMountReleaseTests {
    let scratch: VolumeScratch
    var server: Int32?
    var writer: Process?

    init() throws { scratch = try VolumeScratch("release") }

    deinit {
        if let writer, writer.isRunning { writer.terminate() }
        if let server {
            kill(server, SIGKILL)
            kill(server, SIGCONT)
        }
    }

    var fusectlMounted: Bool { MountTable().isMounted(FuseControlFiles.root, type: FuseControlFiles.fileSystemType) }

    /// A mounted volume whose server is stopped while a shell's append to it is held: the
    /// append can only end through an abort.
    func mountWithAWriterStuckOnIt() throws -> Process {
        #expect(try CLIProcess.run(["volume", "create", scratch.volume, "--size", "16MiB"]).status == 0)
        let mounted = try CLIProcess.run(["volume", "mount", scratch.volume, scratch.mountpoint, "--background"])
        try #require(mounted.status == 0, "\(mounted.stderr)")
        let pid = try #require(Int32(try String(contentsOfFile: scratch.volume + "/mount.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        server = pid
        try Data("before\n".utf8).write(to: URL(fileURLWithPath: scratch.mountpoint + "/log.txt"))
        #expect(try CLIProcess.run(["volume", "freeze", scratch.volume]).status == 0)

        let append = Process()
        append.executableURL = URL(fileURLWithPath: "/bin/sh")
        append.arguments = ["-c", "echo after >> '\(scratch.mountpoint)/log.txt'"]
        try append.run()
        writer = append
        kill(pid, SIGSTOP)
        Thread.sleep(forTimeInterval: 0.3)
        try #require(append.isRunning, "the append waits on the stopped server")
        return append
    }

    @Test func aMountWhoseServerNeverAnswersIsAbortedAndUnmounted() throws {
        let fusectlBefore = fusectlMounted
        let append = try mountWithAWriterStuckOnIt()

        let release = try #require(StaleMounts.release(scratch.mountpoint), "a SnapWriter mount is found there")
        #expect(release.aborted, "the connection was aborted")
        #expect(release.unmounted)
        #expect(eventually { !append.isRunning }, "the waiting append was let go")
        #expect(append.terminationStatus != 0, "the append failed: nobody wrote it")
        #expect(StaleMounts.snapwriterMounts(under: scratch.root).isEmpty, "no mount is left")
        #expect(fusectlMounted == fusectlBefore, "fusectl is as it was found")
    }

    /// The fallback where a forced unmount is refused: as root, fusectl is mounted for the
    /// abort when it is missing, and unmounted again.
    @Test(.enabled(if: geteuid() == 0, "mounting fusectl needs root"))
    func theControlFilesAbortAConnectionAndAreLeftAsFound() throws {
        let fusectlBefore = fusectlMounted
        let append = try mountWithAWriterStuckOnIt()
        let mount = try #require(MountTable().mounts.last { $0.point == scratch.mountpoint })

        #expect(FuseControlFiles.abort(device: mount.device), "the abort file was written")
        #expect(eventually { !append.isRunning }, "the waiting append was let go")
        #expect(fusectlMounted == fusectlBefore, "fusectl is as it was found")
        #expect(StaleMounts.release(mount).unmounted)
        #expect(StaleMounts.snapwriterMounts(under: scratch.root).isEmpty, "no mount is left")
    }
}
