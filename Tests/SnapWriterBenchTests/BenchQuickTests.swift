import Foundation
import SnapWriter
import SnapWriterBench
import Testing

/// `snapwriter bench --quick` end to end on real mounts: the JSON document's shape, never
/// its timings.
@Suite(.serialized, .enabled(if: FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1",
                             "/dev/fuse cannot be opened here; the bench test is skipped"))
struct BenchQuickTests {
    /// The interface's eight figures, in order.
    static let names = ["seq-write", "seq-read", "rand-write-qd1", "rand-write-qd16", "snapshot-create-64MiB",
                        "snapshot-create-4GiB", "hold-p99", "image-copy"]
    /// Figures the bench adds to them.
    static let added = ["seq-rewrite"]

    @Test func quickModeReportsEveryFigureInTheBenchSchema() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let options = BenchOptions.quick(directory: parent)
        let report = try Bench(options: options).run()
        let text = report.json().serialized(indent: 2)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])

        #expect(document["schema"] as? String == "snapwriter.bench/1")
        #expect(!((document["machine"] as? String) ?? "").isEmpty)
        let figures = try #require(document["figures"] as? [[String: Any]])
        let reported = figures.compactMap { $0["name"] as? String }
        #expect(reported.filter { Self.names.contains($0) } == Self.names)
        #expect(Set(reported) == Set(Self.names + Self.added))
        let passthroughError = document["passthroughError"] as? String

        for figure in figures {
            let name = figure["name"] as? String ?? "?"
            #expect(["MiB/s", "IOPS", "ms"].contains(figure["unit"] as? String ?? ""), "\(name) unit")
            #expect(Self.positive(figure["volume"]), "\(name) volume")
            let runs = figure["runs"] as? Int ?? 0
            #expect(runs > 0, "\(name) runs")
            switch name {
            case "seq-write", "seq-rewrite", "seq-read", "rand-write-qd1", "rand-write-qd16":
                #expect(Self.positive(figure["native"]), "\(name) native")
                if figure["passthrough"] is NSNull {
                    #expect(passthroughError != nil, "\(name): a null passthrough comes with its reason")
                } else {
                    #expect(Self.positive(figure["passthrough"]), "\(name) passthrough")
                }
                #expect(runs == (name.hasPrefix("seq") ? options.sequentialRuns : options.randomRuns))
            case "image-copy":
                #expect(Self.positive(figure["native"]), "image-copy native")
                #expect(figure["passthrough"] == nil)
                #expect(runs == options.imageRuns)
            case "hold-p99":
                #expect(runs == options.holds)
            default:
                #expect(figure["native"] == nil && figure["passthrough"] == nil, "\(name) is the volume's alone")
                #expect(runs == options.snapshotRuns)
            }
        }
        let targets = try #require(document["targets"] as? [[String: Any]])
        #expect(targets.count == 11)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty, "the run directory is removed")
        #expect(StaleMounts.snapwriterMounts(under: parent).isEmpty)
    }

    static func positive(_ value: Any?) -> Bool {
        guard let number = value as? NSNumber, !(value is Bool) else { return false }
        return number.doubleValue > 0
    }
}
