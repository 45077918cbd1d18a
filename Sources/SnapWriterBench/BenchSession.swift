import Foundation

/// One bench run's live state: the run directory, the three configurations being served,
/// the page-cache policy and the data pattern every write uses.
final class BenchSession {
    let options: BenchOptions
    let runDirectory: String
    let volume: InProcessVolume
    let passthrough: PassthroughReference?
    let native: NativeDirectory
    let pageCache: PageCache
    /// 1 MiB of pseudo-random bytes, written by every workload.
    let pattern = IOBuffer(count: SequentialIO.blockSize, seed: 0x5eed)
    let progress: @Sendable (String) -> Void

    init(options: BenchOptions, runDirectory: String, volume: InProcessVolume, passthrough: PassthroughReference?,
         native: NativeDirectory, pageCache: PageCache, progress: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.runDirectory = runDirectory
        self.volume = volume
        self.passthrough = passthrough
        self.native = native
        self.pageCache = pageCache
        self.progress = progress
    }

    /// The configurations served, in the order of the first round: volume, passthrough, native.
    var targets: [BenchTarget] { [volume as BenchTarget] + (passthrough.map { [$0 as BenchTarget] } ?? []) + [native] }

    /// Runs `measure` for every target in turn, `runs` rounds, each round starting one
    /// target later (A B C, B C A, C A B, …) so that none always runs first, right after
    /// the previous round's last or a change of figure; collects each target's samples.
    func interleave(_ figure: String, runs: Int, over targets: [BenchTarget],
                    _ measure: (BenchTarget, Int) throws(BenchError) -> Double) throws(BenchError) -> [TargetRole: [Double]] {
        var samples: [TargetRole: [Double]] = [:]
        for run in 0..<runs {
            progress("\(figure): round \(run + 1) of \(runs)")
            for index in Self.order(ofRound: run, count: targets.count) {
                samples[targets[index].role, default: []].append(try measure(targets[index], run))
            }
        }
        return samples
    }

    /// The targets' indices in round `run`: the first round in order, each later one
    /// starting one further on.
    static func order(ofRound run: Int, count: Int) -> [Int] {
        (0..<count).map { (run + $0) % count }
    }
}
