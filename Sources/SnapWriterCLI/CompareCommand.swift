import ArgumentParser

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compare", abstract: "Runs a scenario once per SQL Server version.")
    @Argument var scenario: String
    func run() throws { throw CommandExit.badInput("run: not implemented") }
}
