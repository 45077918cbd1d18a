import Foundation
import HostBackup
import SnapWriter
import Testing

/// Every scenario in examples/ carries an expect block: each must hold.
@Suite struct ExampleScenarioTests {
    static let examplesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")

    static var exampleFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func thereAreExamplesForEveryRowOfTheVersionTable() {
        let names = Self.exampleFiles
        #expect(names.count >= 12)
        for fragment in ["2012-rtm", "2012-sp1", "2012-sp2-copy-only", "2012-sp2-case-sensitive", "2012-sp2-cu1",
                         "2012-sp2-cu2", "2016-basic-ag"] {
            #expect(names.contains { $0.contains(fragment) }, "no example for \(fragment)")
        }
    }

    @Test(arguments: exampleFiles)
    func exampleHoldsItsExpectations(file: String) throws {
        let scenario = try ScenarioParser.load(path: Self.examplesDirectory.appendingPathComponent(file).path)
        #expect(scenario.expect != nil, "\(file) has no expect block")
        let result = try ScenarioRunner(scenario: scenario).run()
        for miss in result.expectations where !miss.ok {
            Issue.record("\(file): \(miss.path): expected \(miss.expected), got \(miss.actual ?? "nothing")")
        }
        #expect(!result.expectations.isEmpty)
    }

    static var fuseUsable: Bool {
        FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1"
    }

    /// The same behaviour on real FUSE volumes: every example holds there too, and its run
    /// document is the one the memory volumes give, but for the `volumes` field.
    @Test(.enabled(if: fuseUsable, "/dev/fuse cannot be opened here; the FUSE pass is skipped"), arguments: exampleFiles)
    func exampleBehavesTheSameOnFuseVolumes(file: String) throws {
        var scenario = try ScenarioParser.load(path: Self.examplesDirectory.appendingPathComponent(file).path)
        scenario.volumes = .fuse
        let volumes = try GuestVolumes.forScenario(scenario)
        defer { volumes.close() }
        let onFuse = try ScenarioRunner(scenario: scenario).run(volumes: volumes)
        for miss in onFuse.expectations where !miss.ok {
            Issue.record("\(file) on FUSE: \(miss.path): expected \(miss.expected), got \(miss.actual ?? "nothing")")
        }
        scenario.volumes = .memory
        let inMemory = try ScenarioRunner(scenario: scenario).run()
        func document(_ result: RunResult) -> String {
            RunReport.json(result).serialized(indent: 2).split(separator: "\n")
                .filter { !$0.contains("\"volumes\":") }.joined(separator: "\n")
        }
        #expect(document(onFuse) == document(inMemory))
    }

    @Test func theDemoRunsTheThreeVMExample() throws {
        let example = try ScenarioParser.load(path: Self.examplesDirectory.appendingPathComponent("three-vms.yaml").path)
        let demo = try DemoTour.scenario()
        #expect(example.seed == demo.seed)
        #expect(example.vms.map(\.name) == demo.vms.map(\.name))
        #expect(example.vms.map { $0.sql?.databases.map(\.name) ?? [] } == demo.vms.map { $0.sql?.databases.map(\.name) ?? [] })
        #expect(example.availabilityGroups.map(\.name) == demo.availabilityGroups.map(\.name))
    }
}
