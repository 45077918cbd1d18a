import ArgumentParser
import Foundation
import HostBackup
import SnapWriter

/// `snapwriter chain`: the RESTORE sequence a backup history allows, planned or replayed.
struct ChainCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Plans or replays a RESTORE sequence from backup history.",
        discussion: """
            HISTORY.json is a JSON array of backupset objects: the union of every replica's \
            msdb rows. Without --apply, prints the sequence that restores the database \
            furthest (or to --stopat-lsn); with --apply, replays exactly the given backups \
            and reports the first error as SQL Server would. Exit 0 restorable, 1 not \
            restorable, 2 bad input.
            """
    )
    /// `--format` is taken as given: `run` refuses a bad value in chain's own words.
    typealias FormatValue = FormatName
    static let reportSchema: String? = nil

    @Argument(help: ArgumentHelp("The backup history (JSON array of backupset objects).", valueName: "HISTORY.json"))
    var path: String

    @Option(help: ArgumentHelp("The database to restore; needed when the history holds several.", valueName: "DB"))
    var database: String?

    @Option(
        name: .customLong("stopat-lsn"),
        help: ArgumentHelp("Plan a restore that stops at this LSN (any spelling).", valueName: "LSN"))
    var stopatLsn: String?

    @Option(help: ArgumentHelp("Replay exactly these backup_set_ids, comma-separated, in order.", valueName: "ID,ID,..."))
    var apply: String?

    @OptionGroup var output: FormatOptions<ChainCommand>

    func run() throws {
        guard let format = output.format.outputFormat else {
            throw CommandExit.badInput("chain: --format '\(output.format.name)' is not allowed; allowed: text, json")
        }
        if let database, let refusal = NameKind.database.refusal(of: database) {
            throw CommandExit.badInput("chain: --database: \(refusal)")
        }
        let stopAt = try stopatLsn.map(Self.lsn)
        let ids = try apply.map(Self.ids)
        if stopAt != nil && ids != nil {
            throw CommandExit.badInput("chain: --stopat-lsn and --apply do not go together; allowed: one of them")
        }
        let history = try readHistory()
        let plan: RestorePlan
        do {
            if let ids {
                let (name, sequence) = try history.sequence(ids: ids, database: database.map(history.database(named:)))
                plan = RestoreReplay.replay(sequence, database: name)
            } else {
                let name = try history.database(named: database)
                plan = RestorePlanner(history: history, database: name).plan(stopAt: stopAt)
            }
        } catch {
            throw CommandExit.badInput("chain: \(path): \(error)")
        }
        switch format {
        case .text: plan.textReport.forEach(Output.print)
        case .json: Output.print(plan.json.serialized(indent: 2))
        }
        if !plan.restorable { throw CommandExit.failedQuietly }
    }

    private func readHistory() throws -> BackupHistory {
        // Foundation's read errors on Linux say little ("error 256"): name the usual causes.
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandExit.badInput("chain: \(path): no such file; allowed: a JSON file of backup history")
        }
        guard !isDirectory.boolValue else {
            throw CommandExit.badInput("chain: \(path): is a directory; allowed: a JSON file of backup history")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandExit.badInput("chain: \(path): cannot be read; allowed: a file this user may read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandExit.badInput("chain: \(path): not UTF-8 text; allowed: a JSON file in UTF-8")
        }
        do {
            return try BackupHistory(json: text)
        } catch {
            throw CommandExit.badInput("chain: \(path): \(error)")
        }
    }

    private static func lsn(_ text: String) throws -> LSN {
        guard let lsn = LSN(parsing: text) else {
            throw CommandExit.badInput(
                "chain: --stopat-lsn '\(text)' is not an LSN; allowed: numeric 40000000014400001, "
                    + "colon decimal 40:144:1 or hex 00000028:00000090:0001 (optional 0x)")
        }
        return lsn
    }

    private static func ids(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let ids = parts.compactMap { part in part.allSatisfy(\.isASCII) ? Int(part) : nil }
        guard !parts.isEmpty, ids.count == parts.count else {
            throw CommandExit.badInput(
                "chain: --apply '\(text)' is not a list of backup_set_ids; allowed: integers separated by commas, such as 1,2,7")
        }
        return ids
    }
}
