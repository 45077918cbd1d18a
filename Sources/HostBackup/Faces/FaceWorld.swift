import Foundation
import SnapWriter

/// A scenario run up to a step and kept alive for a face (diskshadow, vshadow) to act on one
/// machine, on the volumes the scenario asks for (FUSE when it can), in a run directory:
/// `--out DIR`, or a temporary one removed by `close()`. Everything the face writes (exposed
/// shadow copies, the working directory of what it executes) stays inside it.
public final class FaceWorld {
    public let live: LiveWorld
    public let machine: FaceMachine
    /// The run directory: every mount point and file the face makes lives under it.
    public let runDirectory: String
    private let volumes: GuestVolumes
    private let removesRunDirectory: Bool
    private var closed = false

    /// Builds the world, runs the scenario's steps up to `target.afterStep` (without one, the
    /// steps the file writes: like `serve`, a scenario without `steps:` runs nothing first, so
    /// the tool's own backup is the first; a schedule's jobs are not run) and opens
    /// `target`'s machine.
    public init(scenario: Scenario, target: FaceTarget, outDirectory: String?) throws(FaceError) {
        let fileManager = FileManager.default
        let directory: String
        if let outDirectory {
            directory = outDirectory
        } else {
            directory = fileManager.temporaryDirectory.appendingPathComponent(
                "snapwriter-face-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())").path
        }
        do {
            try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .environment("cannot create the run directory \(directory): \(error.localizedDescription)")
        }
        removesRunDirectory = outDirectory == nil
        let volumes: GuestVolumes
        let live: LiveWorld
        do {
            volumes = try GuestVolumes.forScenario(scenario, outDirectory: directory)
            live = try LiveWorld(scenario: scenario, volumes: volumes)
        } catch {
            if outDirectory == nil { try? fileManager.removeItem(atPath: directory) }
            switch error {
            case .scenario(let refusal): throw .badInput(refusal.description)
            case .environment(let reason): throw .environment(reason)
            }
        }
        let steps = target.afterStep.map { scenario.steps[...$0] } ?? (scenario.stepsWritten ? scenario.steps[...] : [])
        for step in steps { live.perform(step) }
        live.finishRunningBackups()
        self.live = live
        self.volumes = volumes
        runDirectory = directory
        machine = FaceMachine(world: live.world, vm: target.vm)
    }

    /// Unmounts what the face exposed and the guest volumes, releases the world, and removes
    /// a temporary run directory. Safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        machine.deleteAllShadows()
        live.close()
        volumes.close()
        if removesRunDirectory { try? FileManager.default.removeItem(atPath: runDirectory) }
    }

    deinit { close() }
}
