import ArgumentParser
import Dispatch
import Foundation
import SnapWriter
import SnapWriterBench

/// `snapwriter bench`: the volume against a C passthrough and the native directory, figure by figure.
struct BenchCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measures a SnapWriter FUSE volume against a C passthrough and the native directory.",
        discussion: """
            In a temporary directory (on the disk of --directory, TMPDIR by default): sequential 1 MiB \
            write and read, 4 KiB O_DIRECT random writes at queue depth 1 and 16, snapshot creation with \
            64 MiB and 4 GiB of data, the hold's p99 with writes in flight, and copying a snapshot's image \
            out. Then a host backup of examples/three-vms.yaml's host through 'snapwriter serve' against \
            'snapwriter run' (each a process of this executable), and 100 concurrent reads of a VM's \
            writers through the API while a host backup runs. Runs interleave the configurations; the figures are medians. The C passthrough is built \
            from Benchmarks/passthrough with cc; without cc its figures are null, with the reason. Reads \
            start from a dropped page cache when the process may drop it (root). Progress goes to stderr. \
            Run directories that an earlier bench left in the same place when it was killed outright \
            (SIGKILL) are cleaned up first: their mounts, their C passthrough and the directory.
            """
    )
    static let reportSchema: String? = "snapwriter.bench/1"

    @OptionGroup var output: FormatOptions<BenchCommand>

    @Flag(help: "Tiny sizes and few runs, warm caches, sparse snapshot data: a check that everything works, not a measurement.")
    var quick = false

    @Flag(help: "Generated fleets instead (100, 300 and 500 VMs over 1, 3 and 7 days; --quick: 5 and 10 VMs, 1 day), each a 'snapwriter run' child measured for wall time and peak RSS; medians of --runs rounds (default 3, --quick 1).")
    var fleet = false

    @Option(help: "Where to make the temporary run directory (the disk under test).")
    var directory: String?

    @Option(help: "Only these figures, comma-separated (e.g. seq-write,image-copy); figures measured together come along.")
    var only: String?

    @Option(help: "Runs per configuration for every figure but hold-p99 and serve-concurrent-reads (default 5, snapshots and serve-host-backup 9).")
    var runs: Int?

    @Option(name: .customLong("passthrough-source"), help: "The C passthrough's source (default: Benchmarks/passthrough/passthrough.c).")
    var passthroughSource: String?

    func run() throws {
        let parent = directory ?? FileManager.default.temporaryDirectory.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandExit.badInput("bench: --directory \(parent) is not a directory")
        }
        if fleet { return try runFleet(in: parent) }
        var options = quick ? BenchOptions.quick(directory: parent) : BenchOptions.standard(directory: parent)
        options.passthroughSource = passthroughSource
        if let runs {
            guard runs > 0 else { throw CommandExit.badInput("bench: --runs must be at least 1") }
            options.sequentialRuns = runs
            options.randomRuns = runs
            options.snapshotRuns = runs
            options.imageRuns = runs
            options.serveRuns = runs
        }
        options.snapwriterExecutable = Self.executable
        if let only {
            let names = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let unknown = names.subtracting(BenchFigureGroup.allFigures)
            guard unknown.isEmpty else {
                throw CommandExit.badInput("bench: --only: unknown figure \(unknown.sorted().joined(separator: ", ")); figures: "
                    + BenchFigureGroup.allFigures.sorted().joined(separator: ", "))
            }
            options.only = names
        }
        guard FuseAvailability.deviceUsable else {
            throw CommandExit.environment("bench: FUSE is required and /dev/fuse cannot be opened here")
        }
        let interruptions = Self.cleanUpWhenInterrupted()
        defer { interruptions.forEach { $0.cancel() } }
        let report: BenchReport
        do {
            report = try Bench(options: options, progress: { Output.error($0) }).run()
        } catch {
            // Interrupted: the signal handler is cleaning up and ends the process.
            while BenchInterruption.interrupted { sleep(1) }
            throw CommandExit.environment("bench: \(error.message)")
        }
        switch output.format {
        case .json: Output.print(report.json().serialized(indent: 2))
        case .text: Output.print(report.text())
        }
    }

    /// The fleet bench: its report on stdout, progress on stderr.
    private func runFleet(in parent: String) throws {
        guard let executable = Self.executable else {
            throw CommandExit.environment("bench: --fleet cannot find its own executable to run the fleets")
        }
        let bench = FleetBench(shapes: quick ? FleetShape.quick : FleetShape.standard,
                               rounds: runs ?? (quick ? 1 : 3), executable: executable,
                               directory: parent, progress: { Output.error($0) })
        let report: FleetBenchReport
        do {
            report = try bench.run()
        } catch {
            throw CommandExit.environment("bench: \(error.message)")
        }
        switch output.format {
        case .json: Output.print(report.json().serialized(indent: 2))
        case .text: Output.print(report.text())
        }
    }

    /// This process's own executable, which the serve figures start as `run` and `serve`.
    private static var executable: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
    }

    /// SIGINT or SIGTERM mid-run: the run's mounts, passthrough process and directory are
    /// cleaned up before the process ends (128 + the signal, as a shell reports it).
    private static func cleanUpWhenInterrupted() -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                Output.error("bench: interrupted; cleaning up its mounts and run directory")
                BenchInterruption.cleanUp()
                Glibc.exit(128 + signalNumber)
            }
            source.resume()
            return source
        }
    }
}
