import ArgumentParser
import Foundation
import HostBackup
import SnapWriter

/// `snapwriter compare`: one scenario under several SQL Server builds, one row per build.
struct CompareCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Runs a scenario once per SQL Server build and prints one row per build.",
        discussion: """
            Every instance of the scenario is set to the build (and, written as \
            VERSION:COLLATION, to that collation). Builds: \(VersionList.allowed).
            """
    )
    static let reportSchema: String? = "snapwriter.compare/1"

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .customLong("sql-versions"), help: "Comma-separated builds, e.g. 2012-SP1,2012-SP2,2012-SP2-CU2.")
    var sqlVersions: String

    @OptionGroup var output: FormatOptions<CompareCommand>

    @Option(help: "Also write compare.json and timeline.html (every build's timeline side by side) into this directory.")
    var out: String?

    func run() throws {
        let variants = try VersionList.parse(sqlVersions)
        let loaded = try ScenarioLoading.load(scenario)
        let rows: [VersionComparison.Row]
        do {
            rows = try VersionComparison(scenario: loaded).run(variants, scenarioVolumes: true)
        } catch {
            throw error.commandExit
        }
        if let out { try write(rows, scenario: loaded.name, to: out) }
        switch output.format {
        case .json: Output.print(CompareReport.json(scenario: loaded.name, rows: rows).serialized(indent: 2))
        case .text: Output.print(CompareReport.text(scenario: loaded.name, rows: rows))
        }
    }
}

extension CompareCommand {
    /// `--out DIR`: the comparison document and the page of timelines.
    private func write(_ rows: [VersionComparison.Row], scenario: String, to directory: String) throws(CommandExit) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try (CompareReport.json(scenario: scenario, rows: rows).serialized(indent: 2) + "\n")
                .write(toFile: ConfinedPath.make(directory, "compare.json"), atomically: true, encoding: .utf8)
            try CompareTimelinePage.html(scenario: scenario, rows: rows)
                .write(toFile: ConfinedPath.make(directory, RunTimelinePage.fileName), atomically: true, encoding: .utf8)
        } catch {
            throw CommandExit.environment("cannot write the comparison's files into \(directory): \(FileErrorText.describe(error))")
        }
    }
}

enum VersionList {
    static var allowed: String { SQLVersion.allowedList }

    static func parse(_ text: String) throws -> [VersionComparison.Variant] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var variants: [VersionComparison.Variant] = []
        for item in items {
            guard let variant = VersionComparison.Variant(parsing: item) else {
                throw CommandExit.badInput("--sql-versions: '\(item)' is not a SQL Server build; allowed: \(allowed) "
                    + "(optionally VERSION:COLLATION)")
            }
            variants.append(variant)
        }
        return variants
    }
}

