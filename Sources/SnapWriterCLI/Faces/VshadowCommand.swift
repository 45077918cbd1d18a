import ArgumentParser
import HostBackup

/// `snapwriter vshadow [flags] {-ws | -wm | -wm2 | -q | VOLUMES} --scenario FILE --vm VM|--host`:
/// the VSS SDK's sample requester against a guest or the Hyper-V host, after the scenario ran.
struct VshadowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vshadow",
        abstract: "Runs vshadow (the VSS SDK sample) against a guest's or the host's VSS, after a scenario ran.",
        discussion: """
            vshadow's own flags: \(VshadowArguments.supported). Exit 0 when vshadow succeeded, \
            1 when it reported an error (a writer failed, the -exec file failed), 2 for an \
            argument SnapWriter refuses, 3 when the machine cannot run it.
            """
    )

    @OptionGroup var face: FaceOptions

    @Argument(parsing: .allUnrecognized, help: "vshadow's flags and volumes, e.g. -ws, or -wx=SqlServerWriter D:.")
    var vshadow: [String] = []

    func run() throws {
        let arguments: VshadowArguments
        do {
            arguments = try VshadowArguments(vshadow)
        } catch {
            throw CommandExit.badInput(error.description)
        }
        let world = try face.open()
        defer { world.close() }
        let runner = VshadowRunner(arguments: arguments, world: world, output: Output.print)
        do {
            try runner.check()
        } catch {
            throw CommandExit.badInput(error.description)
        }
        if !runner.run() { throw CommandExit.failedQuietly }
    }
}
