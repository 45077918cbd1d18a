import Foundation
import SnapWriter
#if canImport(Glibc)
import Glibc
#endif

/// `snapwriter soak`: generates random scenarios, runs each end to end (on FUSE volumes
/// where /dev/fuse works), and checks the invariants after each. Some runs first run as a
/// `snapwriter run` process killed with SIGKILL part-way, so the run that follows in the
/// same directory must find and clean its stale mounts.
public struct SoakRunner {
    public struct Options: Sendable {
        public var runs: Int
        public var seed: UInt64
        /// Where scenario files and run directories go; nil: a new temporary directory,
        /// removed at the end when no run broke an invariant.
        public var directory: String?
        /// nil: FUSE where /dev/fuse works, memory otherwise.
        public var volumes: Scenario.VolumeKind?
        /// The `snapwriter` executable to kill runs of; nil: no kills.
        public var executable: String?
        /// One run in this many is killed first.
        public var killEvery = 10

        public init(runs: Int, seed: UInt64) {
            self.runs = runs
            self.seed = seed
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Run `index`'s scenario: a KVM host's one run in four, drawn from a stream of its own so
    /// the Hyper-V runs are what they always were.
    static func scenario(index: Int, seed: UInt64, base: SeededRandom) -> String {
        var hypervisor = base.split("hypervisor/\(index)")
        if hypervisor.next() % 4 == 0 {
            var generator = KVMSoakScenarioGenerator(random: base.split("kvm-scenario/\(index)"))
            return generator.scenario(index: index, seed: seed)
        }
        var generator = SoakScenarioGenerator(random: base.split("scenario/\(index)"))
        return generator.scenario(index: index, seed: seed)
    }

    public func run(progress: (String) -> Void = { _ in }) throws(RunError) -> SoakReport {
        let volumes = options.volumes ?? (FuseAvailability.deviceUsable ? .fuse : .memory)
        if volumes == .fuse, !FuseAvailability.deviceUsable {
            throw .environment("--volumes fuse needs /dev/fuse, which cannot be opened here")
        }
        let temporary = options.directory == nil
        let directory = options.directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-soak-\(getpid())").path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .environment("cannot create \(directory): \(error.localizedDescription)")
        }
        var report = SoakReport()
        report.runs = options.runs
        report.seed = options.seed
        report.volumes = volumes.rawValue
        let base = SeededRandom(seed: options.seed)
        for index in 0..<options.runs {
            var seeds = base.split("run/\(index)")
            let seed = seeds.next() >> 16
            let path = try confined(directory, "run-\(index).yaml")
            var text = Self.scenario(index: index, seed: seed, base: base)
            text += "volumes: \(volumes.rawValue)\n"
            let found = runOne(index: index, seed: seed, text: text, path: path, directory: directory,
                               kill: volumes == .fuse && options.executable != nil
                                   && index % options.killEvery == options.killEvery / 2,
                               report: &report)
            let violations = found.map {
                SoakViolation(run: index, seed: seed, scenario: path, invariant: $0.invariant, detail: $0.detail)
            }
            report.violations += violations
            if violations.isEmpty { try? FileManager.default.removeItem(atPath: path) }
            progress("run \(index + 1)/\(options.runs): " + (violations.isEmpty ? "ok" : "\(violations.count) violation(s)"))
        }
        if temporary, report.violations.isEmpty {
            try? FileManager.default.removeItem(atPath: directory)
        } else {
            report.directory = directory
        }
        return report
    }

    /// `name` in the soak's directory.
    private func confined(_ directory: String, _ name: String) throws(RunError) -> String {
        do {
            return try ConfinedPath.make(directory, name)
        } catch {
            throw .environment(error.description)
        }
    }

    private func runOne(index: Int, seed: UInt64, text: String, path: String, directory: String, kill: Bool,
                        report: inout SoakReport) -> [(invariant: String, detail: String)] {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            return [("scenario-written", "cannot write \(path): \(error.localizedDescription)")]
        }
        let scenario: Scenario
        do {
            scenario = try ScenarioParser.parse(text, file: path)
        } catch {
            return [("scenario-accepted", error.description)]
        }
        let runDirectory: String
        do {
            runDirectory = try ConfinedPath.make(directory, "run-\(index)")
        } catch {
            return [("run-directory", error.description)]
        }
        defer { try? FileManager.default.removeItem(atPath: runDirectory) }
        if kill, let executable = options.executable {
            var random = SeededRandom(seed: seed).split("kill")
            killedRun(executable: executable, scenario: path, out: runDirectory,
                      after: .milliseconds(Int64(random.next() % 40)))
            report.killed += 1
        }
        var found: [(invariant: String, detail: String)] = []
        do {
            let volumes = try GuestVolumes.forScenario(scenario, outDirectory: runDirectory)
            report.staleMountsCleaned += volumes.cleanedStaleMounts.count
            let result = try ScenarioRunner(scenario: scenario).run(volumes: volumes, audit: .acknowledgedWrites)
            found = SoakInvariants(result: result).check()
            tally(result, into: &report)
            volumes.close()
        } catch {
            found.append(("run-completed", error.description))
        }
        for mount in StaleMounts.snapwriterMounts(under: runDirectory) {
            found.append(("no-mount-left", "\(mount) is still mounted after the run"))
            StaleMounts.release(mount)
        }
        return found
    }

    /// Runs the scenario as its own `snapwriter run` process and kills it with SIGKILL,
    /// `delay` after it mounted its first volume.
    private func killedRun(executable: String, scenario: String, out: String, after delay: Duration) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["run", scenario, "--out", out, "--format", "json"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return }
        // The delay counts from its first mount, so the kill lands while volumes are served
        // however slowly the process started.
        for _ in 0..<1000 where process.isRunning && StaleMounts.snapwriterMounts(under: out).isEmpty {
            usleep(10_000)
        }
        let (seconds, attoseconds) = delay.components
        usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static let tallied: Set<String> = [
        "VolumeFault", "DatabaseSuspect", "VMStopped", "IntegrationServiceSilent", "SecondBackupRejected",
        "RequesterDied", "WriterFailed", "AbortSent", "StillFailed", "ServiceRestarted", "RepositoryFault",
        "ImageCopyFailed",
        // A KVM host's: freezes through the agent, their failures, slow job starts, VssOption changes.
        "RequesterFrozen", "RequesterFreezeFailed", "RequesterThawFailed", "BackupJobStarting", "VssOptionSet",
    ]

    private func tally(_ result: RunResult, into report: inout SoakReport) {
        for step in result.steps {
            guard let backup = step.hostBackup else { continue }
            report.hostBackups += 1
            if !backup.succeeded { report.failedHostBackups += 1 }
        }
        for event in result.events where Self.tallied.contains(event.event) {
            report.events[event.event, default: 0] += 1
        }
    }
}
