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

        let pageCache = PageCache.probe(wanted: options.dropCaches)
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
        for group in BenchFigureGroup.allCases where options.only.map({ !$0.isDisjoint(with: group.figures) }) ?? true {
            figures += try group.measure(session)
        }
        return BenchReport(machine: MachineDescription.describe(runDirectory: runDirectory), mode: options.mode,
                           readCaches: pageCache.dropsCaches ? "dropped" : "warm", passthroughProblem: passthroughProblem,
                           loadAverage: (loadBefore, MachineDescription.loadAverage()),
                           seconds: Monotonic.seconds(from: started), figures: figures)
    }
}
