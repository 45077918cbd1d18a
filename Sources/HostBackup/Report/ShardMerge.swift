import Foundation
import SnapWriter

/// `snapwriter merge`: the `--out` folders of a fleet's N shards (`run --shard K/N`) made into
/// the folder one unsharded run would have written. Every shard computed the whole world, so
/// their run documents, traces and histories are the same, byte for byte, and are checked to
/// be; each host backup's images are in the folder of the shard that owns the host, and the
/// repositories are joined.
public enum ShardMerge {
    /// What a sharded run writes beside its evidence: `shard.json`.
    public static let fileName = "shard.json"
    static let schema = "snapwriter.shard/1"
    /// The files every shard writes the same.
    static let sharedFiles = ["result.json", "events.jsonl", "history.json", "msdb.sqlite", "junit.xml", "timeline.html"]

    /// `shard.json` for a run of `scenario` as `shard`.
    public static func marker(scenario: Scenario, shard: Shard) -> String {
        JSONValue.object([
            ("schema", .string(schema)),
            ("scenario", .string(scenario.name)),
            ("seed", .number(String(scenario.seed))),
            ("shard", .int(shard.index)),
            ("of", .int(shard.count)),
        ]).serialized(indent: 2) + "\n"
    }

    /// One shard's folder, as its marker describes it.
    struct Part {
        let directory: String
        let scenario: String
        let seed: String
        let shard: Shard
    }

    /// Merges `directories` into `destination` (which may be one of them). Refuses, before it
    /// writes anything, shards of different runs, a missing or repeated shard, and shards
    /// whose shared files differ.
    public static func merge(_ directories: [String], into destination: String) throws(ShardMergeError) {
        let parts = try directories.map(read)
        try checkComplete(parts)
        for name in sharedFiles {
            let first = try contents(of: name, in: parts[0].directory)
            for part in parts.dropFirst() where try contents(of: name, in: part.directory) != first {
                throw .badInput("\(part.directory)/\(name) differs from \(parts[0].directory)/\(name): "
                    + "the shards were not run from the same scenario, seed and build")
            }
        }
        let plan = try repositoryFiles(parts)
        do {
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
            for name in sharedFiles {
                try copy(ConfinedPath.make(parts[0].directory, name), to: ConfinedPath.make(destination, name))
            }
            for (relative, source) in plan.sorted(by: { $0.key < $1.key }) {
                // Names read from the shards' own folders: components, each one a file name.
                let target = try ConfinedPath.make(destination, relative.split(separator: "/").map(String.init))
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try copy(source, to: target)
            }
            try? FileManager.default.removeItem(atPath: try ConfinedPath.make(destination, fileName))
        } catch let error as ShardMergeError {
            throw error
        } catch {
            throw .environment("cannot write the merged folder \(destination): \(error.localizedDescription)")
        }
    }

    private static func read(_ directory: String) throws(ShardMergeError) -> Part {
        let path: String
        do {
            path = try ConfinedPath.make(directory, fileName)
        } catch {
            throw .badInput("\(directory): \(error.description)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .badInput("\(directory) has no \(fileName): it is not the --out folder of a run with --shard")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["schema"] as? String == schema, let scenario = object["scenario"] as? String,
              let seed = (object["seed"] as? NSNumber)?.stringValue,
              let index = object["shard"] as? Int, let count = object["of"] as? Int,
              index >= 1, index <= count
        else {
            throw .badInput("\(path) is not a shard marker (schema \(schema) with scenario, seed, shard and of)")
        }
        return Part(directory: directory, scenario: scenario, seed: seed, shard: Shard(index: index, count: count))
    }

    private static func checkComplete(_ parts: [Part]) throws(ShardMergeError) {
        guard let first = parts.first else { throw .badInput("no shard folders given") }
        for part in parts.dropFirst() where part.scenario != first.scenario || part.seed != first.seed
            || part.shard.count != first.shard.count {
            throw .badInput("\(part.directory) is shard \(part.shard) of \(part.scenario) (seed \(part.seed)), "
                + "\(first.directory) shard \(first.shard) of \(first.scenario) (seed \(first.seed)): not one run")
        }
        let count = first.shard.count
        for index in 1...count {
            let holding = parts.filter { $0.shard.index == index }
            if holding.isEmpty { throw .badInput("shard \(index)/\(count) is missing; give all \(count) folders") }
            if holding.count > 1 {
                throw .badInput("shard \(index)/\(count) is given twice: \(holding.map(\.directory).joined(separator: ", "))")
            }
        }
    }

    /// Every file under each shard's `repository/`, by its path relative to the folder; a
    /// path two shards both hold must hold the same bytes.
    private static func repositoryFiles(_ parts: [Part]) throws(ShardMergeError) -> [String: String] {
        var files: [String: String] = [:]
        for part in parts {
            let root = (part.directory as NSString).appendingPathComponent(BackupRepository.directoryName)
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            while let relative = walker.nextObject() as? String {
                let source = (root as NSString).appendingPathComponent(relative)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), !isDirectory.boolValue
                else { continue }
                let key = BackupRepository.directoryName + "/" + relative
                if let earlier = files[key], FileManager.default.contents(atPath: earlier) != FileManager.default.contents(atPath: source) {
                    throw .badInput("\(key) differs between \(earlier) and \(source)")
                }
                files[key] = source
            }
        }
        return files
    }

    private static func contents(of name: String, in directory: String) throws(ShardMergeError) -> Data {
        guard let path = try? ConfinedPath.make(directory, name), let bytes = FileManager.default.contents(atPath: path) else {
            throw .badInput("\(directory) has no \(name): a shard's --out folder holds \(sharedFiles.joined(separator: ", "))")
        }
        return bytes
    }

    private static func copy(_ source: String, to target: String) throws {
        guard source != target else { return }
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: source, toPath: target)
    }
}

/// Why shards could not be merged: bad input (exit 2) or the machine (exit 3).
public enum ShardMergeError: Error, Sendable {
    case badInput(String)
    case environment(String)
}
