import Foundation
import SnapWriter

/// `snapwriter bench`: in one run on this machine, a SnapWriter FUSE volume (served in
/// this process), the C reference passthrough and the native directory, side by side in a
/// temporary directory on the disk under test. Runs interleave the configurations and the
/// report gives medians. Run directories that earlier benches left when killed outright
/// are cleaned up first (`AbandonedBenchRuns`).
public struct Bench: Sendable {
    public let options: BenchOptions
    /// Lines for stderr: how far the run has got, and what it cleaned up after earlier runs.
    private let progress: @Sendable (String) -> Void

    public init(options: BenchOptions, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.progress = progress
    }

    public func run() throws(BenchError) -> BenchReport {
        guard FuseAvailability.deviceUsable else {
            throw BenchError("FUSE is required and /dev/fuse cannot be opened here")
        }
        let started = Monotonic.now()
        let loadBefore = MachineDescription.loadAverage()
        for cleanup in AbandonedBenchRuns.clean(in: options.directory) { progress(cleanup.description) }
        let run = try BenchRunDirectory.make(in: options.directory)
        let runDirectory = run.path
        BenchInterruption.track(directory: runDirectory)
        defer {
            try? FileManager.default.removeItem(atPath: runDirectory)
            BenchInterruption.forget(directory: runDirectory)
        }

        let groups = BenchFigureGroup.allCases.filter { group in
            options.only.map { !$0.isDisjoint(with: group.figures) } ?? true
        }
        var figures: [BenchFigure] = []
        var pageCache = PageCache.probe(wanted: false)
        var passthroughProblem: String?
        let fileSystemGroups = groups.filter(\.measuresFileSystems)
        if !fileSystemGroups.isEmpty {
            pageCache = PageCache.probe(wanted: options.dropCaches)
            (figures, passthroughProblem) = try measureFileSystems(fileSystemGroups, run: run, pageCache: pageCache)
        }
        var serveProblem: String?
        let serveGroups = groups.filter { !$0.measuresFileSystems }
        if !serveGroups.isEmpty {
            if let executable = options.snapwriterExecutable {
                let serve = ServeBackups(options: options, executable: executable, runDirectory: runDirectory, progress: progress)
                for group in serveGroups { figures += try group.measure(serve) }
            } else {
                serveProblem = "no snapwriter executable to start as run and serve"
            }
        }
        return BenchReport(machine: MachineDescription.describe(runDirectory: runDirectory), mode: options.mode,
                           readCaches: pageCache.dropsCaches ? "dropped" : "warm", passthroughProblem: passthroughProblem,
                           serveProblem: serveProblem, loadAverage: (loadBefore, MachineDescription.loadAverage()),
                           seconds: Monotonic.seconds(from: started), figures: figures)
    }

    /// The volume, the passthrough and the directory: served for the groups that measure
    /// them, stopped again after.
    private func measureFileSystems(_ groups: [BenchFigureGroup], run: BenchRunDirectory,
                                    pageCache: PageCache) throws(BenchError) -> ([BenchFigure], String?) {
        let runDirectory = run.path
        var passthroughProblem: String?
        var passthroughBinary: String?
        switch PassthroughReference.locateSource(options.passthroughSource)
            .flatMap({ PassthroughReference.build(source: $0, into: runDirectory) }) {
        case .success(let binary): passthroughBinary = binary
        case .failure(let error): passthroughProblem = error.message
        }

        let native = try NativeDirectory(root: runDirectory + "/native")
        var passthrough: PassthroughReference?
        if let passthroughBinary {
            do {
                passthrough = try PassthroughReference(binary: passthroughBinary, source: runDirectory + "/passthrough-src",
                                                       mountpoint: runDirectory + "/passthrough-mnt", recordedIn: run)
            } catch {
                passthroughProblem = error.message
            }
        }
        defer { passthrough?.stop() }
        let volume = try InProcessVolume(directory: runDirectory + "/volume", mountpoint: runDirectory + "/volume-mnt")
        defer { volume.stop() }

        let session = BenchSession(options: options, runDirectory: runDirectory, volume: volume, passthrough: passthrough,
                                   native: native, pageCache: pageCache, progress: progress)
        var figures: [BenchFigure] = []
        for group in groups { figures += try group.measure(session) }
        return (figures, passthroughProblem)
    }
}
