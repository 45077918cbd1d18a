import Foundation
import SnapWriterBench
import Testing

/// `snapwriter bench --fleet --quick` through the library, with the built `snapwriter` as
/// the run: the generated scenario's shape and the report's, never its timings.
@Suite(.serialized)
struct FleetBenchQuickTests {
    @Test func generatedFleetPairsReplicasAcrossHosts() {
        let yaml = FleetScenario(shape: FleetShape(hosts: 4, vmsPerHost: 25, days: 7)).yaml
        #expect(yaml.components(separatedBy: "sql: { version: 2012-SP2-CU2").count - 1 == 20)
        #expect(yaml.components(separatedBy: "role: secondary").count - 1 == 10)
        #expect(yaml.components(separatedBy: "every: 15m").count - 1 == 10)
        #expect(yaml.components(separatedBy: "onlyIfPreferred: true").count - 1 == 10)
        #expect(yaml.components(separatedBy: "hostBackup: { host: HV").count - 1 == 4)
        #expect(yaml.contains("replicas: [ { vm: HV01-VM01, role: primary }, { vm: HV02-VM01, role: secondary } ]"))
        #expect(yaml.contains("days: 7") && yaml.contains("volumes: memory"))
    }

    @Test func quickFleetReportIsWellFormed() throws {
        let executable = try #require(SnapWriterExecutable.url, "the snapwriter executable is built with the tests")
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("bench-fleet-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let report = try FleetBench(shapes: FleetShape.quick, executable: executable.path, directory: parent).run()
        let text = report.json().serialized(indent: 2)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])

        #expect(document["schema"] as? String == "snapwriter.bench-fleet/1")
        let figures = try #require(document["figures"] as? [[String: Any]])
        #expect(figures.compactMap { $0["name"] as? String } == ["fleet-5vms-1d", "fleet-10vms-1d"])
        #expect(figures.compactMap { $0["vms"] as? Int } == [5, 10])
        #expect(figures.allSatisfy { BenchQuickTests.positive($0["seconds"]) && (($0["peakRSSBytes"] as? Int) ?? 0) > 0 })
        let ratios = try #require(document["ratios"] as? [[String: Any]])
        #expect(ratios.count == 1)
        #expect(ratios.first?["vms"] as? Int == 10 && ratios.first?["againstVms"] as? Int == 5)
        // A ratio may be exactly 1, which Foundation on Linux also reads as `true`: compare
        // its value, not its type.
        #expect(((ratios.first?["time"] as? NSNumber)?.doubleValue ?? 0) > 0)
        #expect(((ratios.first?["peakRSS"] as? NSNumber)?.doubleValue ?? 0) > 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty, "the run directory is removed")
    }
}
