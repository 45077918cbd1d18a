import ArgumentParser
import Foundation
import HostBackup

/// `snapwriter merge`: the `--out` folders of a fleet run's shards joined into one.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merges the --out folders of a run's shards (run --shard K/N) into one.",
        discussion: """
            Every shard's result.json, events.jsonl, history.json, msdb.sqlite and junit.xml \
            must be the same (each shard computed the whole world); the repositories are \
            joined, each host backup's images coming from the shard that owns its host. The \
            merged folder is what the run without --shard writes. Exit 2 for folders that are \
            not all the shards of one run, 3 when the merged folder cannot be written.
            """
    )

    @Argument(help: "The --out folder of every shard.")
    var directories: [String]

    @Option(help: "Where to write the merged folder (default: the first folder given).")
    var out: String?

    func run() throws {
        guard let first = directories.first else {
            throw CommandExit.badInput("give the --out folder of every shard")
        }
        do {
            try ShardMerge.merge(directories, into: out ?? first)
        } catch {
            switch error {
            case .badInput(let message): throw CommandExit.badInput(message)
            case .environment(let message): throw CommandExit.environment(message)
            }
        }
    }
}
