import ArgumentParser

/// `snapwriter volume freeze`: holds the mounted volume's writes until `volume thaw`.
struct VolumeFreezeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freeze", abstract: "Holds every write to the mounted volume (reads go on) until thaw.")

    @Argument(help: "The volume directory.")
    var directory: String

    func run() throws {
        _ = try VolumeCLI.control("freeze", directory)
        Output.print("frozen \(directory)")
    }
}
