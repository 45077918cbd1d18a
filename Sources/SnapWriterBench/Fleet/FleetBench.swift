import Foundation
import SnapWriter

/// `snapwriter bench --fleet`: generated fleets (`FleetScenario`) run by `snapwriter run` as
/// child processes, one after the other, each measured for wall time and peak RSS
/// (`FleetRun`). The report gives every shape's figures and, for each number of days, how
/// much 300 VMs cost against 100 (the quick shapes: 10 VMs against 5).
public struct FleetBench {
    public let shapes: [FleetShape]
    public let executable: String
    /// Where the scenarios and the runs' output go; removed afterwards.
    public let directory: String
    public let progress: (String) -> Void

    public init(shapes: [FleetShape], executable: String, directory: String, progress: @escaping (String) -> Void = { _ in }) {
        self.shapes = shapes
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
        var figures: [FleetFigure] = []
        for shape in shapes {
            let scenario = runDirectory + "/\(shape.name).yaml"
            do {
                try FleetScenario(shape: shape).yaml.write(toFile: scenario, atomically: true, encoding: .utf8)
            } catch {
                throw BenchError("cannot write \(scenario): \(error)")
            }
            progress("fleet bench: \(shape.name) (\(shape.hosts) hosts × \(shape.vmsPerHost) VMs, \(shape.days) day(s))")
            let run = try FleetRun.measure(executable: executable, scenario: scenario,
                                           output: runDirectory + "/\(shape.name).json")
            guard run.exitStatus == 0 else {
                let stderr = (try? String(contentsOfFile: runDirectory + "/\(shape.name).json.stderr", encoding: .utf8)) ?? ""
                throw BenchError("snapwriter run \(shape.name) exited \(run.exitStatus): \(String(stderr.suffix(2000)))")
            }
            figures.append(FleetFigure(shape: shape, seconds: run.seconds, peakRSSBytes: run.peakRSSBytes))
        }
        return FleetBenchReport(figures: figures)
    }
}
