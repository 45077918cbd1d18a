import ArgumentParser
import Foundation
import HostBackup

/// `snapwriter diskshadow -s SCRIPT --scenario FILE --vm VM|--host`: Windows' diskshadow in
/// script mode against a guest or the Hyper-V host, after the scenario ran.
struct DiskshadowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diskshadow",
        abstract: "Runs a diskshadow script against a guest's or the host's VSS, after a scenario ran.",
        discussion: """
            The script is read and checked whole before the scenario runs; then every command \
            is echoed after '-> ' and run as diskshadow runs it. Exit 0 when every command \
            succeeded, 1 when one failed (diskshadow reported it), 2 for a script or option \
            SnapWriter refuses, 3 when the machine cannot run it.
            """
    )

    @Option(name: .customShort("s"), help: "The diskshadow script file.")
    var script: String

    @OptionGroup var face: FaceOptions

    func run() throws {
        let parsed: DiskshadowScript
        do {
            parsed = try DiskshadowScript.load(path: script)
        } catch {
            throw CommandExit.badInput(error.description)
        }
        let world = try face.open()
        defer { world.close() }
        do {
            try parsed.check(against: world.machine)
        } catch {
            throw CommandExit.badInput(error.description)
        }
        let interpreter = DiskshadowInterpreter(script: parsed, world: world,
                                                environment: ProcessInfo.processInfo.environment, output: Output.print)
        let outcome = interpreter.run()
        if !outcome.succeeded { throw CommandExit.failedQuietly }
    }
}
