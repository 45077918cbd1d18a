import ArgumentParser
import Foundation
import HostBackup

/// The options diskshadow and vshadow share: the scenario, the machine (`--vm VM` or
/// `--host`), how far the scenario runs first, and where the run directory is.
struct FaceOptions: ParsableArguments {
    @Option(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "The VM whose guest VSS to drive.")
    var vm: String?

    @Flag(help: "Drive the Hyper-V host's VSS instead (its writers: the Hyper-V writer and the system writers).")
    var host = false

    @Option(name: .customLong("after-step"), help: "Run the scenario's steps up to this one (from 0), inclusive; default: the steps the file writes.")
    var afterStep: Int?

    @Option(help: "The run directory (exposed shadow copies, volumes); default: a temporary one removed at the end.")
    var out: String?

    /// The world the face acts on, with the machine named; bad input is exit 2, a machine
    /// that cannot run it exit 3.
    func open() throws -> FaceWorld {
        if vm != nil, host { throw CommandExit.badInput("give one of --vm VM or --host, not both") }
        if vm == nil, !host { throw CommandExit.badInput("give one of --vm VM or --host") }
        let loaded = try ScenarioLoading.load(scenario)
        do {
            let target = try FaceTarget(loaded, vm: vm, afterStep: afterStep)
            return try FaceWorld(scenario: loaded, target: target, outDirectory: out)
        } catch {
            switch error {
            case .badInput(let message): throw CommandExit.badInput(message)
            case .environment(let message): throw CommandExit.environment(message)
            }
        }
    }
}
