import ArgumentParser
import Foundation
import HostBackup

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

    func run() throws {
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
            result = try ScenarioRunner(scenario: loaded).run(volumes: volumes, repository: repository)
        } catch {
            throw error.commandExit
        }
        if let out {
            do {
                try RunArtifacts.write(result, to: out)
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
