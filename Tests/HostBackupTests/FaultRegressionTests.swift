import Foundation
import HostBackup
import SnapWriter
import Testing

/// Fault behaviour that was once wrong: each test states what must hold and why it broke.
@Suite struct FaultRegressionTests {
    static var fuseUsable: Bool {
        FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1"
    }

    /// A guest requester that dies after PostSnapshot leaves SqlServerWriter failed at
    /// BackupShutdown, and the run's result for that VM must say so.
    /// (The status was once read before BackupShutdown was sent, showing `[5] Waiting for
    /// completion`.)
    @Test func theFailedBackupShowsTheSQLWriterFailedAtBackupShutdown() throws {
        let result = try ScenarioFixtures.runKeepingWorld(HostFaultScenarioTests.scenario("  - { host: requester-disappears, vm: VM1 }"))
        let writer = try #require(result.writer("VM1", "SqlServerWriter"))
        #expect(writer.state == .failedAtBackupShutdown)
        #expect(writer.lastError == .writerErrorNonRetryable)
        let live = result.world.vm(named: "VM1")?.vss.writerStatus.first { $0.name == "SqlServerWriter" }
        #expect(live?.state == .failedAtBackupShutdown, "the guest's VSS service has it right")
    }

    /// A write fault must be decided once per write on both kinds of volume, so that
    /// `times`, `probability` and the VolumeFault trace give the same run on memory and FUSE.
    /// (A FUSE volume once decided per WRITE request, and the kernel ends a buffered write
    /// request at every partly written page: more decisions than on a memory volume.)
    @Test(.enabled(if: fuseUsable, "/dev/fuse cannot be opened here; the FUSE pass is skipped"),
          arguments: [
              #"  - { vm: VM1, volume: "D:", operation: write, path: Data, latencyMs: 1 }"#,
              #"  - { vm: VM1, volume: "D:", operation: write, path: Data, errno: EIO, probability: 0.3 }"#,
          ])
    func aWriteFaultFiresTheSameOnFuseAndInMemory(rule: String) throws {
        let yaml = VolumeFaultScenarioTests.scenario(faults: rule, steps: """
              - workload: { seconds: 30 }
              - hostBackup: {}
            """, seed: 21)
        let onFuse = try VolumeFaultScenarioTests.runOnFuse(yaml)
        let inMemory = try ScenarioFixtures.run(yaml)
        #expect(onFuse.events("VolumeFault").map(\.detail) == inMemory.events("VolumeFault").map(\.detail))
        #expect(VolumeFaultScenarioTests.document(onFuse) == VolumeFaultScenarioTests.document(inMemory))
    }

    /// A refused probability names what is allowed whatever the wrong value: "a number
    /// above 0, at most 1", for 0 and negative numbers as for 1.5.
    @Test(arguments: [("0", 73), ("-0.5", 73)])
    func aProbabilityOfZeroListsTheWholeRange(value: String, column: Int) {
        Refusal("probability \(value)",
                FaultRuleRefusalTests.fault(#"{ vm: VM1, volume: "D:", operation: write, errno: EIO, probability: \#(value) }"#),
                at: 13, column, key: "faults[0].probability",
                "\(value) is out of range; allowed: a number above 0, at most 1").check()
    }
}
