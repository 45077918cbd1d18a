import Foundation
import SnapWriter
import Testing
import TestSupport

/// `kill -9` of a real `snapwriter run` while its guests are frozen: nothing it wrote is
/// lost or torn, and the next run in the same directory cleans the stale mounts and runs.
@Suite(.serialized, .enabled(if: FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1",
                             "/dev/fuse cannot be opened here; FUSE tests are skipped"))
final class RunKillTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("runkill-\(UUID().uuidString)").path

    deinit {
        for point in StaleMounts.snapwriterMounts(under: root) { StaleMounts.release(point) }
        try? FileManager.default.removeItem(atPath: root)
    }

    static let frozenForSeconds = """
        name: killed-while-frozen
        clock: real
        volumes: fuse
        vms:
          - name: VM1
            sql:
              version: 2014
              databases:
                - name: Sales
        faults:
          - vm: VM1
            writer: System Writer
            event: freeze
            action: delay
            delayMs: 20000
        steps:
          - workload: { seconds: 0.3 }
          - hostBackup: {}
        """

    @Test func aRunKilledMidFreezeLosesNothingAndTheNextRunCleansUp() throws {
        let out = root + "/out"
        let scenario = try CLIProcess.temporaryFile(Self.frozenForSeconds)
        let executable = try #require(CLIProcess.executable)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["run", scenario, "--out", out]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        // The System Writer sits in Freeze for 20 s of real time, after SQL Server froze
        // Sales: kill the run in that window.
        let mountpoint = out + "/volumes/VM1/D/mnt"
        try #require(eventually { StaleMounts.snapwriterMounts(under: out).contains(mountpoint) }, "the run mounted VM1's D:")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(process.isRunning, "still inside the freeze")
        kill(process.processIdentifier, SIGKILL)
        #expect(eventually { !process.isRunning }, "the killed run has finished exiting")
        #expect(StaleMounts.isStale(mountpoint), "a killed server leaves a stale mount")

        // Everything the run wrote is in the live files, every page whole.
        let dataFile = out + "/volumes/VM1/D/store/live/Data/Sales.mdf"
        let bytes = try #require(FileManager.default.contents(atPath: dataFile).map { [UInt8]($0) })
        #expect(bytes.count >= 64 * DataPage.size)
        var written = 0
        for number in 0..<(bytes.count / DataPage.size) {
            let slice = Array(bytes[(number * DataPage.size)..<((number + 1) * DataPage.size)])
            guard slice.contains(where: { $0 != 0 }) else { continue }
            written += 1
            let page = try #require(DataPage(bytes: slice))
            #expect(page.verify(as: PageID(page: UInt32(number))).isValid, "page \(number) is whole")
        }
        #expect(written > 0)

        // The next run in the same directory cleans the stale mount and runs normally.
        let again = try CLIProcess.temporaryFile(Self.frozenForSeconds
            .replacingOccurrences(of: "clock: real", with: "clock: virtual")
            .replacingOccurrences(of: "delayMs: 20000", with: "delayMs: 10"))
        let rerun = try CLIProcess.run(["run", again, "--out", out])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("cleaned a stale mount at \(mountpoint)"))
        #expect(rerun.stdout.contains("Host backup SUCCEEDED"))
        #expect(StaleMounts.snapwriterMounts(under: root).isEmpty, "no mount is left")
    }
}
