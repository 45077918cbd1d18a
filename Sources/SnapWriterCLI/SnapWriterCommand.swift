import ArgumentParser
import Foundation

/// `snapwriter`: one file per subcommand, in a folder per command group (Scenario,
/// RestoreChain, Volume, GuestAgent, Bench, Serve; Support for what they share); this one only dispatches and
/// maps errors to the exit codes of the interface (0 done, 1 expectation failed, 2 bad input,
/// 3 environment).
@main
struct SnapWriterCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapwriter",
        abstract: "Emulates a Hyper-V host-level backup through VSS into guests running SQL Server.",
        subcommands: [
            DemoCommand.self,
            RunCommand.self,
            VssadminCommand.self,
            MergeCommand.self,
            CompareCommand.self,
            LSNCommand.self,
            VolumeCommand.self,
            GuestAgentCommand.self,
            ChainCommand.self,
            BenchCommand.self,
            SoakCommand.self,
            ServeCommand.self,
        ]
    )

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let code: Int32
        do {
            var command = try RootCommand.parseAsRoot(arguments)
            try command.run()
            code = 0
        } catch let exit as CommandExit {
            if !exit.message.isEmpty { Output.error(exit.message) }
            code = exit.code
        } catch {
            let status = RootCommand.exitCode(for: error)
            let message = RootCommand.fullMessage(for: error)
            if status == .success {
                Output.print(message)
                code = 0
            } else {
                Output.error(message)
                code = CommandExit.badInput
            }
        }
        exit(code)
    }
}

/// The root of the argument tree, kept apart from `main` so ArgumentParser's own
/// exit codes (64 for usage errors) never leak: every bad argument is exit 2.
struct RootCommand: ParsableCommand {
    static let configuration = SnapWriterCommand.configuration
}
