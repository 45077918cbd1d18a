import Foundation
import SnapWriter

/// `snapwriter bench --fleet`: generated fleets (`FleetScenario`) run by `snapwriter run` as
/// child processes, one after the other, each measured for wall time and peak RSS
/// (`FleetRun`). Every shape runs `rounds` times, the rounds interleaved and each starting
/// with a different shape, and its figure is the median: a single run of a shape moves by a
/// tenth from one run to the next on a shared machine, which is as much as the ratio target
/// leaves. The report gives every shape's figures and, for each number of days, how much
/// 300 VMs cost against 100 (the quick shapes: 10 VMs against 5).
public struct FleetBench {
    public let shapes: [FleetShape]
    public let rounds: Int
    public let executable: String
    /// Where the scenarios and the runs' output go; removed afterwards.
    public let directory: String
    public let progress: (String) -> Void

    public init(shapes: [FleetShape], rounds: Int = 1, executable: String, directory: String,
                progress: @escaping (String) -> Void = { _ in }) {
        self.shapes = shapes
        self.rounds = max(1, rounds)
        self.executable = executable
        self.directory = directory
        self.progress = progress
    }

    public func run() throws(BenchError) -> FleetBenchReport {
        let runDirectory = directory + "/snapwriter-fleet-bench-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        } catch {
            throw BenchError("cannot create \(runDirectory): \(error)")
        }
        defer { try? FileManager.default.removeItem(atPath: runDirectory) }
        for shape in shapes {
            let scenario = runDirectory + "/\(shape.name).yaml"
            do {
                try FleetScenario(shape: shape).yaml.write(toFile: scenario, atomically: true, encoding: .utf8)
            } catch {
                throw BenchError("cannot write \(scenario): \(error)")
            }
        }
        var runs: [Int: [FleetRun]] = [:]
        for round in 0..<rounds {
            for offset in shapes.indices {
                let index = (offset + round) % shapes.count
                runs[index, default: []].append(try measure(shapes[index], round: round, in: runDirectory))
            }
        }
        let figures = shapes.indices.map { index in
            let measured = runs[index] ?? []
            return FleetFigure(shape: shapes[index], seconds: Self.median(measured.map(\.seconds)),
                               peakRSSBytes: Int(Self.median(measured.map { Double($0.peakRSSBytes) })),
                               runs: measured.count)
        }
        return FleetBenchReport(figures: figures)
    }

    private func measure(_ shape: FleetShape, round: Int, in runDirectory: String) throws(BenchError) -> FleetRun {
        progress("fleet bench: \(shape.name) (\(shape.hosts) hosts × \(shape.vmsPerHost) VMs, \(shape.days) day(s)), "
            + "round \(round + 1) of \(rounds)")
        let run = try FleetRun.measure(executable: executable, scenario: runDirectory + "/\(shape.name).yaml",
                                       output: runDirectory + "/\(shape.name).json")
        guard run.exitStatus == 0 else {
            let stderr = (try? String(contentsOfFile: runDirectory + "/\(shape.name).json.stderr", encoding: .utf8)) ?? ""
            throw BenchError("snapwriter run \(shape.name) exited \(run.exitStatus): \(String(stderr.suffix(2000)))")
        }
        return run
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
