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

    /// The configurations served, in the order runs interleave: volume, passthrough, native.
    var targets: [BenchTarget] { [volume as BenchTarget] + (passthrough.map { [$0 as BenchTarget] } ?? []) + [native] }

    /// Runs `measure` for every target in turn, `runs` rounds (A B C A B C …), and
    /// collects each target's samples.
    func interleave(_ figure: String, runs: Int, over targets: [BenchTarget],
                    _ measure: (BenchTarget, Int) throws(BenchError) -> Double) throws(BenchError) -> [TargetRole: [Double]] {
        var samples: [TargetRole: [Double]] = [:]
        for run in 0..<runs {
            progress("\(figure): round \(run + 1) of \(runs)")
            for target in targets {
                samples[target.role, default: []].append(try measure(target, run))
            }
        }
        return samples
    }
}
