import ArgumentParser

/// `snapwriter volume thaw`: releases the writes `volume freeze` held.
struct VolumeThawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thaw", abstract: "Releases held writes, in the order they arrived.")

    @Argument(help: "The volume directory.")
    var directory: String

    func run() throws {
        _ = try VolumeCLI.control("thaw", directory)
        Output.print("thawed \(directory)")
    }
}
