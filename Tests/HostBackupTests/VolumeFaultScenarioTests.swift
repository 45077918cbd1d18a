import Foundation
import HostBackup
import SnapWriter
import Testing

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// Volume faults in scenarios: what SQL Server's engine, its VSS writer and the host backup
/// make of a failed or slow write, read or flush on a guest's `D:`.
@Suite struct VolumeFaultScenarioTests {
    /// One VM with SQL Server 2019 and two standalone databases on memory volumes.
    static func scenario(faults: String, steps: String, seed: Int = 3, volumes: String = "memory") -> String {
        """
        name: volume-faults
        seed: \(seed)
        volumes: \(volumes)
        vms:
          - name: VM1
            sql:
              version: 2019
              databases:
                - name: Sales
                - name: Stock
        faults:
        \(faults)
        steps:
        \(steps)
        """
    }

    static func state(_ result: RunResult, _ database: String, vm: String = "VM1") -> DatabaseState? {
        result.end.instance(on: vm)?.database(named: database)?.state
    }

    static func errorLog(_ result: RunResult, vm: String = "VM1") -> [String] {
        result.end.instance(on: vm)?.errorLog ?? []
    }

    static func databasesJSON(_ result: RunResult) -> [String: String] {
        let text = RunReport.json(result).serialized(indent: 2)
        var states: [String: String] = [:]
        // "name": "Sales", … "state": "SUSPECT" within each vms[].databases[] object.
        var current: String?
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("\"name\": \"") { current = String(trimmed.dropFirst(9).prefix { $0 != "\"" }) }
            if trimmed.hasPrefix("\"state\": \""), let name = current {
                states[name] = String(trimmed.dropFirst(10).prefix { $0 != "\"" })
            }
        }
        return states
    }

    // MARK: A failed write to the log file

    static let logWriteFault = scenario(
        faults: #"  - { vm: VM1, volume: "D:", operation: write, path: Data/Sales_log.ldf, errno: EIO, times: 1 }"#,
        steps: """
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Sales, type: full }
              - checkdb: { vm: VM1, database: Sales }
              - backup: { vm: VM1, database: Stock, type: full }
              - hostBackup: {}
            """)

    @Test func aFailedLogWriteIs17053And9001AndTheDatabaseIsSuspect() throws {
        let result = try ScenarioFixtures.run(Self.logWriteFault)
        #expect(Self.state(result, "Sales") == .suspect)
        #expect(Self.state(result, "Stock") == .online, "the other database's files were not hit")
        let log = Self.errorLog(result)
        let windowsError = "1117(The request could not be performed because of an I/O device error.)"
        #expect(log.contains("Msg 17053, Level 16, State 1: LogWriter: Operating system error \(windowsError) encountered."))
        #expect(log.contains { $0.hasPrefix("Msg 9001, Level 21, State 4: The log for database 'Sales' is not available.") })
        #expect(log.contains { $0.hasPrefix("Msg 3414, Level 21, State 1: An error occurred during recovery, preventing the database 'Sales' (5:0)") })
        #expect(!log.contains { $0.hasPrefix("Msg 823") }, "the log file is not a data file")
        let io = result.events("IOError").map(\.detail)
        #expect(io.count == 2)
        #expect(io.first?.hasPrefix("Msg 17053") == true)
        #expect(io.last?.hasPrefix("Msg 9001") == true)
        #expect(result.events("DatabaseSuspect").map(\.detail).allSatisfy { $0.hasPrefix("Sales: Msg 3414") })
        #expect(result.events("DatabaseSuspect").count == 1)
        let hits = result.events("VolumeFault")
        #expect(hits.map(\.scope) == ["HV01/VM1/D:"])
        #expect(hits.map(\.detail) == ["write Data/Sales_log.ldf: EIO"])
        #expect(Self.databasesJSON(result)["Sales"] == "SUSPECT")
        #expect(Self.databasesJSON(result)["Stock"] == "ONLINE")
    }

    @Test func aSuspectDatabaseRefusesBackupAndCheckdbWith926() throws {
        let result = try ScenarioFixtures.run(Self.logWriteFault)
        let backup = result.steps[1]
        #expect(!backup.ok)
        #expect(backup.msg == 926)
        #expect(backup.text == "Msg 926, Level 14, State 1: Database 'Sales' cannot be opened. It has been marked SUSPECT "
            + "by recovery. See the SQL Server errorlog for more information.\n"
            + "Msg 3013, Level 16, State 1: BACKUP DATABASE is terminating abnormally.")
        let checkdb = result.steps[2]
        #expect(!checkdb.ok)
        #expect(checkdb.msg == 926)
        #expect(checkdb.checkdb == nil)
        #expect(result.steps[3].ok, "Stock is online and backs up")
    }

    @Test func theSQLWriterFailsPrepareForSnapshotOnASuspectDatabase() throws {
        let result = try ScenarioFixtures.run(Self.logWriteFault)
        let host = try #require(result.lastHostBackup)
        #expect(!host.succeeded)
        #expect(host.hresult == .writerErrorNonRetryable)
        #expect(host.failure?.vm == "VM1")
        #expect(host.failure?.writer == "SqlServerWriter")
        #expect(host.failure?.event == .prepareSnapshot)
        let writer = try #require(result.writer("VM1", "SqlServerWriter"))
        #expect(writer.state == .failedAtPrepareSnapshot)
        #expect(writer.lastError == .writerErrorNonRetryable)
        let refusal = result.events("DatabaseNotAccessible")
        #expect(refusal.map(\.scope) == ["HV01/VM1/SqlServerWriter"])
        #expect(refusal.first?.detail.hasPrefix("Msg 926, Level 14, State 1: Database 'Sales' cannot be opened.") == true)
        #expect(result.database("VM1", "Sales")?.inBackup == false)
    }

    // MARK: A failed write to a data file

    @Test func aFailedDataFileWriteIs823AndTheDatabaseIsSuspect() throws {
        let yaml = Self.scenario(
            faults: #"  - { vm: VM1, volume: "D:", operation: write, path: 'D:\Data\Stock.mdf', errno: ENOSPC, times: 1 }"#,
            steps: """
                  - workload: { seconds: 5 }
                  - backup: { vm: VM1, database: Stock, type: full }
                  - workload: { seconds: 1 }
                  - backup: { vm: VM1, database: Stock, type: log }
                  - backup: { vm: VM1, database: Sales, type: full }
                """)
        let result = try ScenarioFixtures.run(yaml)
        #expect(Self.state(result, "Stock") == .suspect, "the full backup's checkpoint wrote Stock's pages")
        #expect(Self.state(result, "Sales") == .online)
        let eight23 = Self.errorLog(result).filter { $0.hasPrefix("Msg 823, Level 24, State 2:") }
        #expect(eight23.count == 1)
        #expect(eight23.first?.contains("returned error 112(There is not enough space on the disk.) to SQL Server during a write at offset 0x") == true)
        #expect(eight23.first?.contains("in file 'D:\\Data\\Stock.mdf'") == true)
        #expect(Self.errorLog(result).contains { $0.hasPrefix("Msg 3414, Level 21, State 1: An error occurred during recovery, preventing the database 'Stock' (6:0)") })
        #expect(!Self.errorLog(result).contains { $0.hasPrefix("Msg 17053") })
        #expect(result.steps[3].msg == 926)
        #expect(result.steps[3].text?.hasSuffix("Msg 3013, Level 16, State 1: BACKUP LOG is terminating abnormally.") == true)
        #expect(result.steps[4].ok)
    }

    // MARK: A failed read

    @Test func aFailedReadFailsCheckdbWith823AndTheDatabaseStaysOnline() throws {
        let yaml = Self.scenario(
            faults: #"  - { vm: VM1, volume: "D:", operation: read, path: Data/Sales.mdf, errno: EIO, times: 1 }"#,
            steps: """
                  - workload: { seconds: 5 }
                  - checkdb: { vm: VM1, database: Sales }
                  - checkdb: { vm: VM1, database: Sales }
                  - hostBackup: {}
                """)
        let result = try ScenarioFixtures.run(yaml)
        let failed = result.steps[1]
        #expect(!failed.ok)
        #expect(failed.msg == 823)
        #expect(failed.text?.hasPrefix("Msg 823, Level 24, State 2: The operating system returned error 1117(The request could "
            + "not be performed because of an I/O device error.) to SQL Server during a read at offset 0x") == true)
        #expect(failed.text?.contains("in file 'D:\\Data\\Sales.mdf'") == true)
        #expect(Self.state(result, "Sales") == .online)
        #expect(result.steps[2].ok, "the fault fired once; the next CHECKDB reads the file")
        #expect(result.steps[2].checkdb != nil)
        #expect(result.lastHostBackup?.succeeded == true)
        #expect(result.events("DatabaseSuspect").isEmpty)
        #expect(Self.databasesJSON(result)["Sales"] == "ONLINE")
    }

    // MARK: A slow flush

    static func slowFlush(latencyMs: Int) -> String {
        scenario(faults: #"  - { vm: VM1, volume: "D:", operation: fsync, latencyMs: \#(latencyMs) }"#,
                 steps: "  - hostBackup: {}")
    }

    @Test func fsyncLatencyPastTenSecondsTimesTheFlushOut() throws {
        // Four files (two databases, data and log): 4 × 2.6 s = 10.4 s.
        let result = try ScenarioFixtures.run(Self.slowFlush(latencyMs: 2600))
        let host = try #require(result.lastHostBackup)
        #expect(host.hresult == .flushWritesTimeout)
        #expect(result.vm("VM1")?.status == .failed)
        #expect(result.events("FlushWritesTimedOut").count == 1)
        #expect(Self.state(result, "Sales") == .online, "a slow flush loses nothing")
        #expect(result.events("VolumeFault").count == 4)
    }

    @Test func fsyncLatencyInsideTenSecondsLengthensTheFlushOnly() throws {
        let quick = try ScenarioFixtures.run(Self.slowFlush(latencyMs: 1))
        let slow = try ScenarioFixtures.run(Self.slowFlush(latencyMs: 2400))
        #expect(slow.lastHostBackup?.succeeded == true)
        #expect(slow.events("FlushWritesTimedOut").isEmpty)
        func holdAt(_ result: RunResult) -> Double? {
            result.events.first { $0.scope == "HV01/VM1/VSS" && $0.event == "HoldWrites" }?.tMs
        }
        let quickHold = try #require(holdAt(quick))
        let slowHold = try #require(holdAt(slow))
        // The same seed draws the same model timings: the hold starts 4 × (2400 − 1) ms later.
        #expect(abs((slowHold - quickHold) - 9596) < 0.001)
    }

    @Test func writeLatencyIsTracedButTakesNoScenarioTime() throws {
        let steps = """
              - workload: { seconds: 3 }
              - hostBackup: {}
            """
        // A rule that never fires keeps the volume's faults armed the same way.
        let plain = try ScenarioFixtures.run(Self.scenario(
            faults: #"  - { vm: VM1, volume: "D:", operation: rmdir, errno: EIO }"#, steps: steps))
        let slow = try ScenarioFixtures.runKeepingWorld(Self.scenario(
            faults: #"  - { vm: VM1, volume: "D:", operation: write, latencyMs: 500 }"#, steps: steps))
        #expect(plain.events("VolumeFault").isEmpty)
        #expect(!slow.events("VolumeFault").isEmpty)
        #expect(slow.events("VolumeFault").allSatisfy { $0.detail.contains(": ok after 500 ms") })
        #expect(slow.lastHostBackup?.succeeded == true)
        #expect(slow.events("StepStarted").map(\.tMs) == plain.events("StepStarted").map(\.tMs))
        #expect(slow.events("ReleaseWrites").map(\.tMs) == plain.events("ReleaseWrites").map(\.tMs),
                "write latency is counted, not spent on the virtual clock")
        #expect(slow.world.host.vms[0].guest.dataVolume.faults.latencySpent(on: .write) > .zero)
        #expect(Self.state(slow.result, "Sales") == .online)
    }

    // MARK: An fsync error

    @Test func aFailedFlushOfTheLogFailsTheSQLWriterAtThaw() throws {
        let result = try ScenarioFixtures.run(Self.scenario(
            faults: #"  - { vm: VM1, volume: "D:", operation: fsync, path: Data/Sales_log.ldf, errno: EIO, times: 1 }"#,
            steps: "  - hostBackup: {}"))
        #expect(Self.state(result, "Sales") == .suspect)
        #expect(Self.errorLog(result).contains { $0.hasPrefix("Msg 17053") })
        let writer = try #require(result.writer("VM1", "SqlServerWriter"))
        #expect(writer.state == .failedAtThaw)
        #expect(writer.lastError == .writerErrorNonRetryable)
        #expect(result.lastHostBackup?.hresult == .writerErrorNonRetryable)
        #expect(result.events("DatabaseNotAccessible").count == 1)
    }

    // MARK: Arming

    @Test func faultsAreArmedWhenTheFirstStepStarts() throws {
        // Every write to D: fails from the first step: creating the databases is never hit.
        let result = try ScenarioFixtures.run(Self.scenario(
            faults: #"  - { vm: VM1, volume: "D:", operation: create, errno: EROFS }"#,
            steps: "  - checkdb: { vm: VM1, database: Sales }"))
        #expect(result.events("VolumeFault").isEmpty)
        #expect(result.steps[0].ok, "the files exist and read back whole")
        #expect(Self.state(result, "Sales") == .online)
        #expect(result.events("IOError").isEmpty)
    }

    // MARK: Determinism

    static let probabilistic = scenario(
        faults: #"  - { vm: VM1, volume: "D:", operation: write, path: Data, errno: EIO, probability: 0.3 }"#,
        steps: """
              - workload: { seconds: 30 }
              - hostBackup: {}
            """, seed: 21)

    @Test func aProbableFaultHitsTheSameWritesForTheSameSeed() throws {
        let first = try ScenarioFixtures.runKeepingWorld(Self.probabilistic)
        let second = try ScenarioFixtures.run(Self.probabilistic)
        #expect(RunReport.json(first.result).serialized(indent: 2) == RunReport.json(second).serialized(indent: 2))
        #expect(!first.events("VolumeFault").isEmpty, "at least one write was hit")
        #expect(!first.events("DatabaseSuspect").isEmpty)
        #expect(first.world.host.vms[0].guest.dataVolume.faults.firedCounts.reduce(0, +) >= 1)
    }

    @Test func anotherSeedHitsOtherWrites() throws {
        let runs = try [21, 22, 23, 24].map { seed in
            try ScenarioFixtures.run(Self.probabilistic.replacingOccurrences(of: "seed: 21", with: "seed: \(seed)"))
        }
        let traces = runs.map { $0.events("VolumeFault").map(\.detail) + $0.events("IOError").map(\.detail) }
        #expect(Set(traces.map { $0.joined(separator: "|") }).count > 1)
    }

    // MARK: FUSE

    static var fuseUsable: Bool {
        FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1"
    }

    static func document(_ result: RunResult) -> String {
        RunReport.json(result).serialized(indent: 2).split(separator: "\n")
            .filter { !$0.contains("\"volumes\":") }.joined(separator: "\n")
    }

    static func runOnFuse(_ yaml: String) throws -> RunResult {
        var scenario = try ScenarioParser.parse(yaml, file: "test.yaml")
        scenario.volumes = .fuse
        let volumes = try GuestVolumes.forScenario(scenario)
        defer { volumes.close() }
        return try ScenarioRunner(scenario: scenario).run(volumes: volumes)
    }

    /// Write faults that fire on every write, or once: the same on both (a write fault that
    /// counts or draws per write: FaultRegressionTests).
    static let sameOnFuse: [String] = [
        logWriteFault,
        scenario(faults: #"  - { vm: VM1, volume: "D:", operation: write, path: Data/Stock_log.ldf, errno: EIO }"#,
                 steps: """
                      - workload: { seconds: 10 }
                      - backup: { vm: VM1, database: Sales, type: full }
                      - hostBackup: {}
                    """, seed: 8),
        scenario(faults: """
                  - { vm: VM1, volume: "D:", operation: read, probability: 0.5, latencyMs: 3 }
                  - { vm: VM1, volume: "D:", operation: open, probability: 0.5, latencyMs: 2 }
                  - { vm: VM1, volume: "D:", operation: read, path: Data/Stock.mdf, errno: EIO, probability: 0.4 }
                """,
                 steps: """
                      - workload: { seconds: 2 }
                      - checkdb: { vm: VM1, database: Sales }
                      - checkdb: { vm: VM1, database: Stock }
                      - checkdb: { vm: VM1, database: Stock }
                      - hostBackup: {}
                    """, seed: 5),
        slowFlush(latencyMs: 2600),
    ]

    @Test(.enabled(if: fuseUsable, "/dev/fuse cannot be opened here; the FUSE pass is skipped"),
          arguments: sameOnFuse.indices)
    func aScenarioWithVolumeFaultsGivesTheSameDocumentOnFuse(index: Int) throws {
        let yaml = Self.sameOnFuse[index]
        let onFuse = try Self.runOnFuse(yaml)
        let inMemory = try ScenarioFixtures.run(yaml)
        #expect(onFuse.end.volumes == .fuse)
        #expect(!onFuse.events("VolumeFault").isEmpty, "the faults fired")
        #expect(Self.document(onFuse) == Self.document(inMemory))
    }

    /// A real mount with a server-level rule: the kernel hands the writer the errno.
    @Test(.enabled(if: fuseUsable, "/dev/fuse cannot be opened here; the FUSE test is skipped"))
    func aRealWriteThroughTheMountGetsTheInjectedErrno() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fault-fuse-\(UUID().uuidString)").path
        let mountpoint = root + "/mnt"
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let faults = VolumeFaultInjector(rules: [
            VolumeFaultRule(operation: .write, path: #"D:\Data\Sales_log.ldf"#, error: OperatingSystemError.named("EIO")),
        ])
        let server = try FuseVolumeServer(store: CopyOnWriteStore.create(directory: root + "/volume", blockSize: 4096),
                                          mountpoint: mountpoint, faults: faults)
        try server.mount()
        let loop = Thread { server.run() }
        loop.start()
        defer {
            server.release()
            server.stop()
            _ = try? FileManager.default.contentsOfDirectory(atPath: mountpoint)
            eventually { loop.isFinished }
        }
        try FileManager.default.createDirectory(atPath: mountpoint + "/Data", withIntermediateDirectories: true)

        func pwriteErrno(_ name: String) -> Int32 {
            let descriptor = open(mountpoint + "/Data/" + name, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { return -errno }
            defer { close(descriptor) }
            let bytes = [UInt8](repeating: 7, count: 4096)
            let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, $0.count, 0) }
            return written == 4096 ? 0 : errno
        }

        #expect(pwriteErrno("Sales_log.ldf") == EIO)
        #expect(pwriteErrno("Sales.mdf") == 0)
        #expect(FileManager.default.contents(atPath: mountpoint + "/Data/Sales.mdf")?.count == 4096)
        #expect(FileManager.default.contents(atPath: root + "/volume/live/Data/Sales_log.ldf")?.isEmpty == true,
                "the failed write never reached the store")
        #expect(faults.firedCounts == [1])
        #expect(faults.takeHits().map(\.path) == ["Data/Sales_log.ldf"])
    }
}
