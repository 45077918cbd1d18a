import ArgumentParser

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
