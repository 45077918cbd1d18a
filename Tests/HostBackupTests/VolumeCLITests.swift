import CFuse
import Foundation
import SnapWriter
import Testing
import TestSupport

/// `snapwriter volume` through the real executable and real mounts, as a user drives it.
@Suite(.serialized, .enabled(if: FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1",
                             "/dev/fuse cannot be opened here; FUSE tests are skipped"))
final class VolumeCLITests {
    let scratch: VolumeScratch

    init() throws { scratch = try VolumeScratch("volcli") }

    @Test func freezeHoldsWritesAndTheExposedSnapshotHoldsThePointInTime() throws {
        #expect(try CLIProcess.run(["volume", "create", scratch.volume, "--size", "64MiB"]).status == 0)
        let mounted = try CLIProcess.run(["volume", "mount", scratch.volume, scratch.mountpoint, "--background"])
        #expect(mounted.status == 0, "\(mounted.stderr)")
        try Data("before\n".utf8).write(to: URL(fileURLWithPath: scratch.mountpoint + "/log.txt"))
        #expect(try CLIProcess.run(["volume", "freeze", scratch.volume]).status == 0)

        let appended = Process()
        appended.executableURL = URL(fileURLWithPath: "/bin/sh")
        appended.arguments = ["-c", "echo after >> '\(scratch.mountpoint)/log.txt'"]
        try appended.run()
        Thread.sleep(forTimeInterval: 0.3)
        #expect(appended.isRunning, "the append waits while the volume is frozen")

        let snapshot = try CLIProcess.run(["volume", "snapshot", scratch.volume])
        #expect(snapshot.status == 0)
        let id = try #require(snapshot.stdout.split(separator: "\n").last.map(String.init))
        #expect(try CLIProcess.run(["volume", "thaw", scratch.volume]).status == 0)
        appended.waitUntilExit()
        #expect(try String(contentsOfFile: scratch.mountpoint + "/log.txt", encoding: .utf8) == "before\nafter\n")

        #expect(try CLIProcess.run(["volume", "expose", scratch.volume, id, scratch.exposed, "--background"]).status == 0)
        #expect(try String(contentsOfFile: scratch.exposed + "/log.txt", encoding: .utf8) == "before\n")
        #expect(throws: (any Error).self) { try Data("x".utf8).write(to: URL(fileURLWithPath: self.scratch.exposed + "/new.txt")) }

        let list = try CLIProcess.run(["volume", "list", scratch.volume, "--format", "json"])
        #expect(list.stdout.contains(id))
        #expect(try CLIProcess.run(["volume", "unmount", scratch.exposed]).status == 0)
        #expect(try CLIProcess.run(["volume", "delete", scratch.volume, id]).status == 0)
        #expect(try CLIProcess.run(["volume", "unmount", scratch.mountpoint]).status == 0)
        #expect(eventually { StaleMounts.snapwriterMounts(under: scratch.root).isEmpty })
    }

    @Test func aKilledServerLeavesNoMountTheNextMountCannotClean() throws {
        #expect(try CLIProcess.run(["volume", "create", scratch.volume, "--size", "16MiB"]).status == 0)
        #expect(try CLIProcess.run(["volume", "mount", scratch.volume, scratch.mountpoint, "--background"]).status == 0)
        try Data("kept".utf8).write(to: URL(fileURLWithPath: scratch.mountpoint + "/a"))
        let pid = try #require(Int32(try String(contentsOfFile: scratch.volume + "/mount.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(pid, SIGKILL)
        #expect(eventually { StaleMounts.isStale(scratch.mountpoint) })
        let again = try CLIProcess.run(["volume", "mount", scratch.volume, scratch.mountpoint, "--background"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("cleaned a stale mount"))
        #expect(try String(contentsOfFile: scratch.mountpoint + "/a", encoding: .utf8) == "kept", "acknowledged data survives")
        #expect(try CLIProcess.run(["volume", "unmount", scratch.mountpoint]).status == 0)
    }

    @Test func commandsOnAVolumeThatIsNotMountedExplainThemselves() throws {
        #expect(try CLIProcess.run(["volume", "create", scratch.volume, "--size", "16MiB"]).status == 0)
        let freeze = try CLIProcess.run(["volume", "freeze", scratch.volume])
        #expect(freeze.status == 3)
        #expect(freeze.stderr.contains("is not mounted"))
        let badSize = try CLIProcess.run(["volume", "create", scratch.root + "/other", "--size", "lots"])
        #expect(badSize.status == 2)
        let notVolume = try CLIProcess.run(["volume", "list", scratch.root])
        #expect(notVolume.status == 2)
    }

    @Test func aFaultRuleMakesRealSystemCallsFailUntilCleared() throws {
        #expect(try CLIProcess.run(["volume", "create", scratch.volume, "--size", "16MiB"]).status == 0)
        #expect(try CLIProcess.run(["volume", "mount", scratch.volume, scratch.mountpoint, "--background"]).status == 0)
        defer { _ = try? CLIProcess.run(["volume", "unmount", scratch.mountpoint]) }
        try Data("kept\n".utf8).write(to: URL(fileURLWithPath: scratch.mountpoint + "/good.txt"))
        let rule = try CLIProcess.run(["volume", "fault", scratch.volume, "--operation", "write", "--errno", "ENOSPC",
                                       "--path", "full.txt", "--times", "1"])
        #expect(rule.status == 0, "\(rule.stderr)")
        func write(_ name: String) -> Int32 {
            let descriptor = open(scratch.mountpoint + "/" + name, O_WRONLY | O_CREAT, 0o644)
            guard descriptor >= 0 else { return errno }
            defer { close(descriptor) }
            return pwrite(descriptor, "x", 1, 0) == 1 ? 0 : errno
        }
        #expect(write("full.txt") == ENOSPC)
        #expect(write("full.txt") == 0, "times: 1 hits one write only")
        #expect(write("other.txt") == 0, "the rule names one file")
        #expect(try CLIProcess.run(["volume", "fault", scratch.volume, "--operation", "read", "--errno", "EIO"]).status == 0)
        #expect(FileManager.default.contents(atPath: scratch.mountpoint + "/good.txt") == nil)
        #expect(try CLIProcess.run(["volume", "fault", scratch.volume, "--clear"]).status == 0)
        #expect(FileManager.default.contents(atPath: scratch.mountpoint + "/good.txt") == Data("kept\n".utf8))
        let bad = try CLIProcess.run(["volume", "fault", scratch.volume, "--operation", "write"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--errno"))
    }

    @Test func theSizeGivenAtCreationIsEnforcedAndReportedByStatfs() throws {
        #expect(try CLIProcess.run(["volume", "create", scratch.volume, "--size", "1MiB"]).status == 0)
        #expect(try CLIProcess.run(["volume", "mount", scratch.volume, scratch.mountpoint, "--background"]).status == 0)
        defer { _ = try? CLIProcess.run(["volume", "unmount", scratch.mountpoint]) }
        func free() -> Int {
            var info = statvfs()
            #expect(statvfs(scratch.mountpoint, &info) == 0)
            #expect(Int(info.f_blocks) * Int(info.f_frsize) == 1 << 20, "df shows the volume's size")
            return Int(info.f_bavail) * Int(info.f_frsize)
        }
        #expect(free() == 1 << 20)

        let descriptor = open(scratch.mountpoint + "/data", O_RDWR | O_CREAT, 0o644)
        #expect(descriptor >= 0)
        let block = [UInt8](repeating: 7, count: 256 << 10)
        func write(at offset: Int) -> Int32 { pwrite(descriptor, block, block.count, off_t(offset)) == block.count ? 0 : errno }
        for index in 0..<3 { #expect(write(at: index * block.count) == 0) }
        #expect(free() == 256 << 10)
        #expect(write(at: 3 * block.count) == 0, "exactly to the size")
        #expect(write(at: 4 * block.count) == ENOSPC, "past the size")
        #expect(write(at: 0) == 0, "an overwrite needs no room")
        #expect(ftruncate(descriptor, (1 << 20) + 1) != 0 && errno == ENOSPC, "growing by truncation needs room too")
        #expect(ftruncate(descriptor, 512 << 10) == 0)
        #expect(free() == 512 << 10)
        close(descriptor)
        try Data(count: 300 << 10).write(to: URL(fileURLWithPath: scratch.mountpoint + "/other"))
        #expect(unlink(scratch.mountpoint + "/other") == 0)
        #expect(free() == 512 << 10, "a removed file frees its space")

        let listed = try CLIProcess.run(["volume", "list", scratch.volume, "--format", "json"])
        #expect(listed.stdout.contains("\"usedBytes\": \(512 << 10)"), "\(listed.stdout)")
        #expect(try CLIProcess.run(["volume", "unmount", scratch.mountpoint]).status == 0)
        #expect(try CLIProcess.run(["volume", "mount", scratch.volume, scratch.mountpoint, "--background"]).status == 0)
        #expect(free() == 512 << 10, "a new mount counts what is there")
    }

    @Test func anExposedSnapshotStaysPutWhileTheVolumeIsWrittenSnapshottedAndCleanedUp() throws {
        #expect(try CLIProcess.run(["volume", "create", scratch.volume, "--size", "64MiB"]).status == 0)
        #expect(try CLIProcess.run(["volume", "mount", scratch.volume, scratch.mountpoint, "--background"]).status == 0)
        defer {
            _ = try? CLIProcess.run(["volume", "unmount", scratch.exposed])
            _ = try? CLIProcess.run(["volume", "unmount", scratch.mountpoint])
        }
        let blockBytes = 64 << 10
        let original = (0..<(8 * blockBytes)).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 251) }
        try Data(original).write(to: URL(fileURLWithPath: scratch.mountpoint + "/data.mdf"))
        func snapshot() throws -> String {
            let taken = try CLIProcess.run(["volume", "snapshot", scratch.volume])
            #expect(taken.status == 0, "\(taken.stderr)")
            return try #require(taken.stdout.split(separator: "\n").last.map(String.init))
        }
        func overwrite(block: Int, with value: UInt8) throws {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.mountpoint + "/data.mdf"))
            try handle.seek(toOffset: UInt64(block * blockBytes + 100))
            try handle.write(contentsOf: Data(repeating: value, count: blockBytes))
            try handle.close()
        }
        // O_DIRECT: past the kernel's page cache, so every read asks the exposing server.
        func exposedBytes() -> [UInt8]? {
            let descriptor = open(scratch.exposed + "/data.mdf", O_RDONLY | CFuse_openDirectFlag())
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: original.count, alignment: 4096)
            defer { buffer.deallocate() }
            let count = pread(descriptor, buffer.baseAddress, buffer.count, 0)
            return count < 0 ? nil : [UInt8](buffer[..<count])
        }
        func exposedMatches() -> Bool { exposedBytes() == original }

        let first = try snapshot()
        let exposing = try CLIProcess.run(["volume", "expose", scratch.volume, first, scratch.exposed, "--background"])
        #expect(exposing.status == 0, "\(exposing.stderr)")
        #expect(FileManager.default.fileExists(atPath: scratch.volume + "/expose-\(first).pid"))
        #expect(exposedMatches())

        try overwrite(block: 1, with: 0xA1)  // copied into the exposed snapshot's area after exposure
        #expect(exposedMatches(), "a block copied after exposure")
        let second = try snapshot()
        try overwrite(block: 3, with: 0xB2)  // copied into the newer snapshot's area only
        #expect(exposedMatches(), "a block the exposed snapshot reads through a newer one")
        #expect(try CLIProcess.run(["volume", "delete", scratch.volume, second]).status == 0)
        #expect(exposedMatches(), "blocks handed down when the newer snapshot went")
        _ = try snapshot()
        try overwrite(block: 5, with: 0xC3)  // its area is the deleted snapshot's recycled file
        try overwrite(block: 3, with: 0xC4)
        #expect(exposedMatches(), "a recycled file overwritten by the next snapshot's copies")
        let live = try #require(FileManager.default.contents(atPath: scratch.mountpoint + "/data.mdf"))
        #expect(live[3 * blockBytes + 100] == 0xC4 && live[5 * blockBytes + 100] == 0xC3)
    }
}
