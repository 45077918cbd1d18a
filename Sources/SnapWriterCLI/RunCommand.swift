import ArgumentParser

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Runs one scenario end to end.")
    @Argument var scenario: String
    func run() throws { throw CommandExit.badInput("run: not implemented") }
}
