import Foundation
import SnapWriter
@testable import SnapWriterBench
import Testing
import TestSupport

/// Which run directories a bench treats as left behind by a killed bench, and what it does
/// about them, with plain processes standing in for benches and passthroughs (no mounts).
@Suite(.serialized)
final class AbandonedBenchRunsTests {
    let parent = FileManager.default.temporaryDirectory.appendingPathComponent("abandoned-\(UUID().uuidString)").path
    var children: [Process] = []

    init() throws {
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    }

    deinit {
        for child in children where child.isRunning {
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: parent)
    }

    /// A run directory in `parent`, with the records given.
    func runDirectory(_ name: String, owner: ProcessIdentity?, passthrough: ProcessIdentity? = nil) throws -> BenchRunDirectory {
        let run = BenchRunDirectory(path: parent + "/" + BenchRunDirectory.namePrefix + name)
        try FileManager.default.createDirectory(atPath: run.path + "/volume-mnt", withIntermediateDirectories: true)
        if let owner { try owner.record.write(toFile: run.benchRecord, atomically: true, encoding: .utf8) }
        if let passthrough { try passthrough.record.write(toFile: run.passthroughRecord, atomically: true, encoding: .utf8) }
        return run
    }

    /// `sleep 60` started as `executable` (a copy of sleep where a test needs its command
    /// line to name a directory), running in `directory`.
    func sleeper(executable: String = "/bin/sleep", in directory: String? = nil) throws -> (Process, ProcessIdentity) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["60"]
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        try withSignalsUnblocked { try process.run() }
        children.append(process)
        let identity = try #require(ProcessIdentity(running: process.processIdentifier))
        // Until the child has exec'd, /proc shows the test's own command line: on a busy
        // machine that can outlast the start of the test's next step.
        #expect(eventually { identity.arguments.first == executable }, "the sleeper started as \(executable)")
        return (process, identity)
    }

    func exists(_ run: BenchRunDirectory) -> Bool { FileManager.default.fileExists(atPath: run.path) }

    @Test func aRunWhoseBenchStillRunsIsLeftAlone() throws {
        #expect(ProcessIdentity.current != nil)
        let ours = try runDirectory("ours", owner: ProcessIdentity.current)
        let (_, sleeping) = try sleeper()
        let theirs = try runDirectory("theirs", owner: sleeping)

        #expect(AbandonedBenchRuns.clean(in: parent).isEmpty)
        #expect(exists(ours) && exists(theirs))
        #expect(FileManager.default.fileExists(atPath: theirs.benchRecord), "nothing inside is touched either")
    }

    @Test func aRunWhoseBenchIsGoneIsRemovedAndReported() throws {
        let (process, sleeping) = try sleeper()
        let run = try runDirectory("gone", owner: sleeping)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let untouched = parent + "/unrelated"
        try FileManager.default.createDirectory(atPath: untouched, withIntermediateDirectories: true)

        let cleaned = AbandonedBenchRuns.clean(in: parent)
        #expect(cleaned.map(\.directory) == [run.path])
        #expect(cleaned.first?.staleMounts == 0)
        #expect(cleaned.first?.endedPassthrough == nil)
        #expect(cleaned.first?.description == "cleaned up after an interrupted bench run: \(run.path) (0 stale mounts)")
        #expect(!exists(run))
        #expect(FileManager.default.fileExists(atPath: untouched), "only snapwriter-bench-* directories are looked at")
    }

    @Test func aPidReusedByAnotherProcessDoesNotKeepARun() throws {
        let current = try #require(ProcessIdentity.current)
        let earlier = try #require(ProcessIdentity(record: "\(current.pid) \(current.startTime + 1)"))
        let run = try runDirectory("reused", owner: earlier)

        #expect(AbandonedBenchRuns.clean(in: parent).map(\.directory) == [run.path])
        #expect(!exists(run))
    }

    @Test func theRecordedPassthroughIsEndedOnlyWhenItsCommandLineNamesTheRun() throws {
        let (deadBench, benchIdentity) = try sleeper()
        kill(deadBench.processIdentifier, SIGKILL)
        deadBench.waitUntilExit()
        let stranger = try sleeper()
        let withStranger = try runDirectory("stranger", owner: benchIdentity, passthrough: stranger.1)
        let own = try runDirectory("own", owner: benchIdentity)
        let binary = own.path + "/passthrough"
        try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: binary)
        let passthrough = try sleeper(executable: binary)
        try passthrough.1.record.write(toFile: own.passthroughRecord, atomically: true, encoding: .utf8)

        let cleaned = AbandonedBenchRuns.clean(in: parent)
        #expect(Set(cleaned.map(\.directory)) == [withStranger.path, own.path])
        #expect(cleaned.first { $0.directory == own.path }?.endedPassthrough == passthrough.0.processIdentifier)
        #expect(cleaned.first { $0.directory == withStranger.path }?.endedPassthrough == nil)
        passthrough.0.waitUntilExit()
        #expect(passthrough.0.terminationReason == .uncaughtSignal && passthrough.0.terminationStatus == SIGTERM)
        #expect(stranger.0.isRunning, "a recorded process whose arguments do not name the run is never signalled")
    }

    @Test func aRunWithoutARecordIsLeftWhileRecentOrInUse() throws {
        let fresh = try runDirectory("fresh", owner: nil)
        let busy = try runDirectory("busy", owner: nil)
        let old = try runDirectory("old", owner: nil)
        let longAgo = Date().addingTimeInterval(-2 * AbandonedBenchRuns.unrecordedGrace)
        for run in [busy, old] {
            try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: run.path)
        }
        _ = try sleeper(in: busy.path)

        #expect(AbandonedBenchRuns.clean(in: parent).map(\.directory) == [old.path])
        #expect(exists(fresh), "it may be a bench that has yet to write its bench.pid")
        #expect(exists(busy), "a process works in it")
        #expect(!exists(old))
    }
}
