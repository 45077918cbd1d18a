import ArgumentParser

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "The built-in tour.")
    
    func run() throws { throw CommandExit.badInput("run: not implemented") }
}
