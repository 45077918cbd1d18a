import ArgumentParser
import Foundation
import HostBackup
import SnapWriter

/// `snapwriter soak`: many random scenarios, the invariants checked after each.
struct SoakCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Runs N random scenarios (topologies, builds, AG states, faults, kills) and checks invariants after each.",
        discussion: """
            Invariants: every write SQL Server saw acknowledged is on its volume; every backup \
            image verifies as its method promises (application-consistent when every database \
            was frozen for a child VM snapshot, never that for saved state, never torn without \
            a reported I/O error); writer states move only along legal transitions; every \
            Freeze has its Thaw or Abort; every 3197 its 3198; no mount is left behind. One run \
            in ten (--kill-every; on FUSE volumes) first runs as a `snapwriter run` process killed with \
            SIGKILL. Exit 0 with no violation, 1 otherwise; each violation names the scenario \
            file and seed that replay it.
            """
    )
    static let reportSchema: String? = "snapwriter.soak/1"

    @Option(help: "How many scenarios to generate and run (1 or more).")
    var runs: Int = 20

    @Option(help: "The seed every scenario derives from.")
    var seed: UInt64 = 0

    @OptionGroup var output: FormatOptions<SoakCommand>

    @Option(help: "fuse or memory [fuse where /dev/fuse works].")
    var volumes: String?

    @Option(help: "Where scenario files and run directories go [a temporary directory, kept only when a run broke an invariant].")
    var directory: String?

    @Option(name: .customLong("kill-every"), help: "One run in this many first runs as a process killed with SIGKILL (FUSE volumes only); 0: none.")
    var killEvery: Int = 10

    func run() throws {
        guard runs >= 1 else { throw CommandExit.badInput("--runs: \(runs) is out of range; allowed: 1 or more") }
        guard killEvery >= 0 else {
            throw CommandExit.badInput("--kill-every: \(killEvery) is out of range; allowed: 0 (no kills) or more")
        }
        var options = SoakRunner.Options(runs: runs, seed: seed)
        if let volumes {
            guard let kind = Scenario.VolumeKind(rawValue: volumes) else {
                throw CommandExit.badInput("--volumes: unknown value '\(volumes)'; allowed: fuse, memory")
            }
            options.volumes = kind
        }
        options.directory = directory
        if killEvery > 0 {
            options.executable = Self.executablePath
            options.killEvery = killEvery
        }
        let report: SoakReport
        do {
            report = try SoakRunner(options: options).run { line in
                if output.format == .text { Output.error(line) }
            }
        } catch {
            throw error.commandExit
        }
        switch output.format {
        case .json: Output.print(report.json.serialized(indent: 2))
        case .text: Output.print(report.text)
        }
        if !report.violations.isEmpty { throw CommandExit.failedQuietly }
    }

    /// This program, for the runs it starts and kills.
    static var executablePath: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first
    }
}
