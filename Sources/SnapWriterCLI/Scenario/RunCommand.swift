import ArgumentParser
import Foundation
import HostBackup
import SnapWriter

/// `snapwriter run`: one scenario end to end, its report, its files and its exit code.
struct RunCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs one scenario end to end.",
        discussion: """
            Exit 0 when the run finished and every expectation held (a failed host backup is a \
            result, not an error), 1 when an expectation missed, 2 for a bad scenario (nothing \
            runs), 3 when the machine cannot give what the scenario asks for.
            """
    )
    static let reportSchema: String? = "snapwriter.run/1"

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var output: FormatOptions<RunCommand>

    @Option(help: """
        Also write result.json, events.jsonl, history.json, msdb.sqlite and junit.xml into this \
        directory, and the host backups' VM images under its repository/.
        """)
    var out: String?

    @Option(help: "Replace the scenario's seed.")
    var seed: UInt64?

    @Option(help: """
        K/N: serve volumes, write images and keep per-VM evidence only for the hosts whose \
        position p in 'hosts' has ((p-1) mod N)+1 = K; the whole world is still computed. \
        'snapwriter merge' joins the N --out folders into the unsharded one.
        """)
    var shard: String?

    func run() throws {
        let slice = try shard.map { text throws(CommandExit) in
            guard let parsed = Shard(parsing: text) else {
                throw CommandExit.badInput("--shard: '\(text)' is not K/N with whole numbers 1 ≤ K ≤ N (1/2, 2/2)")
            }
            return parsed
        }
        let loaded = try ScenarioLoading.load(scenario, seed: seed)
        let repository: BackupRepository?
        do {
            repository = try out.map(BackupRepository.inOutputDirectory)
        } catch {
            throw CommandExit.environment("cannot write the run's files into \(out ?? ""): \(error.description)")
        }
        let result: RunResult
        do {
            let volumes = try GuestVolumes.forScenario(loaded, outDirectory: out)
            defer { volumes.close() }
            for stale in volumes.cleanedStaleMounts {
                Output.error("cleaned a stale mount at \(stale) left by a run that was killed")
            }
            result = try ScenarioRunner(scenario: loaded).run(volumes: volumes, repository: repository, shard: slice,
                                                              agentSockets: out)
        } catch {
            throw error.commandExit
        }
        if let out {
            do {
                try RunArtifacts.write(result, to: out)
                let marker = try ConfinedPath.make(out, ShardMerge.fileName)
                if let slice {
                    try ShardMerge.marker(scenario: loaded, shard: slice).write(toFile: marker, atomically: true, encoding: .utf8)
                } else {
                    try? FileManager.default.removeItem(atPath: marker)
                }
            } catch {
                throw CommandExit.environment("cannot write the run's files into \(out): \(FileErrorText.describe(error))")
            }
        }
        switch output.format {
        case .json: Output.print(RunReport.json(result).serialized(indent: 2))
        case .text: Output.print(RunTextReport.render(result))
        }
        // The machine could not store what a host backup copied (a full or failing disk under
        // --out or the temporary directory): never a run that did what was asked.
        let storage = result.storageFailures.filter { !$0.injected }
        for failure in storage {
            Output.error("the backup target failed: \(failure.message)")
        }
        guard result.expectationsHeld else {
            for miss in result.expectations where !miss.ok {
                Output.error("expectation missed: \(miss.path): expected \(miss.expected), got \(miss.actual ?? "nothing")")
            }
            Output.error("replay: snapwriter run \(scenario) --seed \(loaded.seed)")
            throw CommandExit.failedQuietly
        }
        if let first = storage.first {
            throw CommandExit.environment("the host backup could not be stored: \(first.error.message)")
        }
    }
}
