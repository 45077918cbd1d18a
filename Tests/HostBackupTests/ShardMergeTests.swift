import Foundation
@testable import HostBackup
import Testing

/// `run --shard K/N` and `merge`: the shards of a fleet's run, merged, give the folder of the
/// unsharded run, byte for byte; each shard wrote the images of its own hosts only.
@Suite struct ShardMergeTests {
    static let files = ["result.json", "events.jsonl", "history.json", "msdb.sqlite", "junit.xml", "timeline.html"]

    private static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-shards-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Every file under `repository/`, by relative path, with its bytes.
    private static func repository(_ folder: URL) -> [String: Data] {
        let root = folder.appendingPathComponent("repository").path
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: root)
        while let relative = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = root + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return files
    }

    /// Three shards of a two-host fleet: shard 3 owns no host and still tells the whole story.
    @Test func threeShardsMergeIntoTheUnshardedRunByteForByte() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let example = "examples/private-cloud-week.yaml"
        let whole = directory.appendingPathComponent("whole")
        #expect(try CLIProcess.run(["run", example, "--out", whole.path, "--format", "json"]).status == 0)
        var shards: [URL] = []
        for index in 1...3 {
            let folder = directory.appendingPathComponent("shard-\(index)")
            let outcome = try CLIProcess.run(["run", example, "--out", folder.path, "--shard", "\(index)/3", "--format", "json"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            shards.append(folder)
        }
        // HV01 is host 1 (shard 1), HV02 host 2 (shard 2): each wrote its own hosts' images.
        let own = shards.map { Set(Self.repository($0).keys.filter { $0.hasSuffix(".tar") }.map { ($0 as NSString).lastPathComponent }) }
        #expect(own[0] == ["SQL1-D.tar", "FILE1-D.tar"])
        #expect(own[1] == ["SQL2-D.tar", "WEB2-D.tar"])
        #expect(own[2].isEmpty)

        let merged = directory.appendingPathComponent("merged")
        let outcome = try CLIProcess.run(["merge"] + shards.map(\.path) + ["--out", merged.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for name in Self.files {
            let expected = FileManager.default.contents(atPath: whole.appendingPathComponent(name).path)
            #expect(expected != nil && FileManager.default.contents(atPath: merged.appendingPathComponent(name).path) == expected,
                    "\(name)")
        }
        let wholeRepository = Self.repository(whole)
        #expect(!wholeRepository.isEmpty)
        #expect(Self.repository(merged) == wholeRepository)
        #expect(!FileManager.default.fileExists(atPath: merged.appendingPathComponent(ShardMerge.fileName).path))
    }

    @Test func mergeRefusesWhatIsNotOneRunsShards() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let example = "examples/private-cloud-week.yaml"
        let first = directory.appendingPathComponent("first")
        #expect(try CLIProcess.run(["run", example, "--out", first.path, "--shard", "1/2", "--format", "json"]).status == 0)
        let missing = try CLIProcess.run(["merge", first.path])
        #expect(missing.status == 2 && missing.stderr.contains("shard 2/2 is missing"))
        let twice = try CLIProcess.run(["merge", first.path, first.path])
        #expect(twice.status == 2 && twice.stderr.contains("shard 1/2 is given twice"))
        let other = directory.appendingPathComponent("other")
        #expect(try CLIProcess.run(["run", example, "--out", other.path, "--shard", "2/2", "--seed", "4", "--format", "json"]).status == 0)
        let mixed = try CLIProcess.run(["merge", first.path, other.path])
        #expect(mixed.status == 2 && mixed.stderr.contains("not one run"), "\(mixed.stderr)")
        for bad in ["0/2", "3/2", "1/0", "a/b", "1", "1/2/3"] {
            let refused = try CLIProcess.run(["run", example, "--shard", bad])
            #expect(refused.status == 2 && refused.stderr.contains("--shard: '\(bad)'"), "\(bad)")
        }
    }
}
