import Foundation
import SnapWriter
@testable import SnapWriterBench
import Testing

/// The C reference passthrough ends on SIGTERM (its loop stops and it unmounts), also when
/// the thread that started it blocks that signal: a child inherits the starting thread's
/// signal mask, and one that ignored SIGTERM would only end by SIGKILL after a wait.
@Suite(.enabled(if: FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1",
                "/dev/fuse cannot be opened here; FUSE tests are skipped"))
final class PassthroughReferenceTests {
    let parent = FileManager.default.temporaryDirectory.appendingPathComponent("passthrough-\(UUID().uuidString)").path

    init() throws { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }

    deinit {
        for mount in MountTable().fuseMounts(under: BenchRunDirectory(path: parent).resolvedPath) {
            StaleMounts.unmount(mount.point, lazy: true)
        }
        try? FileManager.default.removeItem(atPath: parent)
    }

    @Test func itEndsOnSIGTERMWhenStartedFromAThreadThatBlocksIt() throws {
        let run = try BenchRunDirectory.make(in: parent)
        let binary = try PassthroughReference.build(source: try PassthroughReference.locateSource(nil).get(), into: run.path).get()
        let started = StartedReference()
        let starter = Thread {
            var blocked = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGTERM)
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
            let result = Result { () throws(BenchError) in
                try PassthroughReference(binary: binary, source: run.path + "/source", mountpoint: run.path + "/mnt",
                                         recordedIn: run)
            }
            started.result = result
            started.done.signal()
        }
        starter.start()
        started.done.wait()
        let reference = try #require(try started.result?.get())
        #expect(MountTable().isMounted(run.path + "/mnt", type: PassthroughReference.fileSystemType))
        let blocked = try #require(blockedSignals(of: reference.process.processIdentifier))
        #expect(blocked & (1 << (SIGTERM - 1)) == 0, "SIGTERM reaches the reference (blocked set \(String(blocked, radix: 16)))")
        reference.stop()
        #expect(reference.process.terminationReason == .exit)
        #expect(!MountTable().isMounted(run.path + "/mnt", type: PassthroughReference.fileSystemType))
    }
}

/// The signals a process's main thread blocks, from the SigBlk line of /proc/PID/status.
private func blockedSignals(of pid: Int32) -> UInt64? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigBlk:") })
    else { return nil }
    return UInt64(line.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16)
}

/// Hands the reference from the thread that started it back to the test; the semaphore
/// orders the one write before the one read.
private final class StartedReference: @unchecked Sendable {
    var result: Result<PassthroughReference, BenchError>?
    let done = DispatchSemaphore(value: 0)
}
