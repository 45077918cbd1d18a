import Foundation
import SnapWriter
import SnapWriterBench
import Testing

/// The serve figures of `snapwriter bench --quick` end to end, with the built `snapwriter`
/// as `run` and `serve`: the report's shape and counts, never its timings.
@Suite(.serialized, .enabled(if: FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1",
                             "/dev/fuse cannot be opened here; the serve bench test is skipped"))
struct ServeBenchQuickTests {
    @Test func quickServeFiguresAreWellFormed() throws {
        let executable = try #require(SnapWriterExecutable.url, "the snapwriter executable is built with the tests")
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("bench-serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        var options = BenchOptions.quick(directory: parent)
        options.only = ["serve-host-backup", "serve-concurrent-reads"]
        options.snapwriterExecutable = executable.path
        let report = try withSignalsUnblocked { try Bench(options: options).run() }
        let text = report.json().serialized(indent: 2)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])

        #expect(document["schema"] as? String == "snapwriter.bench/1")
        #expect(document["serveError"] is NSNull)
        let figures = try #require(document["figures"] as? [[String: Any]])
        #expect(figures.compactMap { $0["name"] as? String } == ["serve-host-backup", "serve-concurrent-reads"])

        let backup = figures[0]
        #expect(backup["unit"] as? String == "ms")
        #expect(BenchQuickTests.positive(backup["run"]) && BenchQuickTests.positive(backup["serve"]))
        #expect(backup["runs"] as? Int == options.serveRuns)
        let ratio = (backup["ratios"] as? [String: Any])?["serveToRun"]
        #expect(BenchQuickTests.positive(ratio))

        let reads = figures[1]
        #expect(reads["unit"] as? String == "ms")
        #expect(reads["requests"] as? Int == options.serveReaders * options.serveReadRounds)
        #expect(reads["errors"] as? Int == 0, "\(reads["notes"] as? String ?? "")")
        #expect(BenchQuickTests.positive(reads["p50"]) && BenchQuickTests.positive(reads["p99"]))
        #expect(((reads["p50"] as? Double) ?? 0) <= ((reads["p99"] as? Double) ?? 0))

        let targets = try #require(document["targets"] as? [[String: Any]])
        let serveTargets = targets.filter { ($0["figure"] as? String)?.hasPrefix("serve-") == true }
        #expect(serveTargets.count == 2)
        #expect(serveTargets.allSatisfy { $0["met"] is Bool && !($0["actual"] is NSNull) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty, "the run directory is removed")
        #expect(StaleMounts.snapwriterMounts(under: parent).isEmpty)
    }
}
