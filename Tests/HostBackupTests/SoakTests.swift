import Foundation
import Testing
@testable import HostBackup
@testable import SnapWriter

/// The soak checker: its scenarios replay, its invariants catch what they are meant to, and
/// the command speaks the interface.
@Suite(.serialized) struct SoakTests {
    private static let twoVMs = """
        name: soak-check
        vms:
          - name: VM1
            sql: { version: 2016, databases: [ { name: Sales, sizeMiB: 2 } ] }
          - name: VM2
        steps:
          - workload: { seconds: 3 }
          - hostBackup: {}
          - workload: { seconds: 3 }
        """

    @Test func generatedScenariosAreTheSameForTheSameSeedAndAllParse() throws {
        var first = SoakScenarioGenerator(random: SeededRandom(seed: 9))
        var again = SoakScenarioGenerator(random: SeededRandom(seed: 9))
        var other = SoakScenarioGenerator(random: SeededRandom(seed: 10))
        let text = first.scenario(index: 0, seed: 5)
        #expect(text == again.scenario(index: 0, seed: 5))
        #expect(text != other.scenario(index: 0, seed: 5))
        var generator = SoakScenarioGenerator(random: SeededRandom(seed: 1))
        var patches = 0
        for index in 0..<300 {
            let scenario = generator.scenario(index: index, seed: UInt64(index))
            #expect(throws: Never.self, "\(scenario)") { try ScenarioParser.parse(scenario, file: "soak.yaml") }
            if scenario.contains("patchSql:") { patches += 1 }
        }
        #expect(patches > 0, "patchSql steps are drawn, and parse: none patches to an older build")
    }

    @Test func aCleanRunBreaksNoInvariant() throws {
        let result = try ScenarioFixtures.run(Self.twoVMs, audit: .acknowledgedWrites)
        let broken = SoakInvariants(result: result).check()
        #expect(broken.isEmpty, "\(broken)")
        #expect(result.lastHostBackup?.succeeded == true)
    }

    @Test func aWriteLostBehindTheEnginesBackIsFound() throws {
        let result = try ScenarioFixtures.runKeepingWorld(Self.twoVMs)
        let files = try #require(result.world.instances["VM1"]?.database(named: "Sales")?.files)
        let page = DataFileLayout.tablePages.lowerBound
        files.volume.write(files.dataPath, offset: page * DataPage.size, bytes: [UInt8](repeating: 0, count: DataPage.size))
        let broken = SoakInvariants(result: result.takenAgain(audit: .acknowledgedWrites)).acknowledgedWrites()
        #expect(broken.contains { $0.invariant == "acknowledged-writes" && $0.detail.contains("page \(page)") })
    }

    @Test func aFreezeWithoutThawAndA3197WithoutA3198AreFound() throws {
        let result = try ScenarioFixtures.runKeepingWorld(Self.twoVMs)
        result.world.log.record("HV01/VM2/System Writer", "Freeze")
        result.world.instances["VM1"]!.logError(
            "I/O is frozen on database Sales. No user action is required. However, if I/O is not resumed promptly, "
                + "you could cancel the backup.")
        let checks = SoakInvariants(result: result.takenAgain())
        #expect(checks.freezesEnded().contains { $0.detail.contains("HV01/VM2/System Writer") })
        #expect(checks.frozenDatabasesResumed().contains { $0.detail.contains("VM1 Sales") })
    }

    @Test func aMachineThatStoppedMayLeaveItsFreezeOpen() throws {
        let result = try ScenarioFixtures.run(Self.twoVMs + """

            faults:
              - { host: vm-stops, vm: VM1, event: freeze }
            """)
        #expect(result.lastHostBackup?.succeeded == false)
        #expect(SoakInvariants(result: result).check().isEmpty)
    }

    @Test func theCommandReportsInJSONAndRefusesBadOptions() throws {
        let outcome = try CLIProcess.run(["soak", "--runs", "3", "--seed", "1", "--volumes", "memory", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "snapwriter.soak/1")
        #expect(document["runs"] as? Int == 3)
        #expect((document["violations"] as? [Any])?.isEmpty == true)
        let hostBackups = try #require(document["hostBackups"] as? [String: Any])
        #expect((hostBackups["total"] as? Int ?? 0) >= 3)
        let zero = try CLIProcess.run(["soak", "--runs", "0"])
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--runs"))
        let volumes = try CLIProcess.run(["soak", "--volumes", "disk"])
        #expect(volumes.status == 2)
        #expect(volumes.stderr.contains("fuse, memory"))
    }

    @Test(.enabled(if: FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1"))
    func killedRunsOnFuseVolumesAreCleanedAndResumed() throws {
        let outcome = try CLIProcess.run(["soak", "--runs", "4", "--seed", "3", "--volumes", "fuse", "--kill-every", "2",
                                         "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(document["killed"] as? Int == 2, "runs 1 and 3 start as a killed process")
        #expect((document["violations"] as? [Any])?.isEmpty == true)
        #expect(StaleMounts.snapwriterMounts(under: FileManager.default.temporaryDirectory.path)
            .filter { $0.contains("snapwriter-soak") }.isEmpty)
    }
}
