import ArgumentParser
import SnapWriter

/// `snapwriter volume create`: a new, empty volume directory of a given size.
struct VolumeCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Creates a new volume in DIR.")

    @Argument(help: "A new or empty directory.")
    var directory: String

    @Option(help: "The volume's size: 64MiB, 4GiB, or bytes.")
    var size: String

    func run() throws {
        guard let bytes = VolumeDirectory.parseSize(size) else {
            throw CommandExit.badInput("volume create: --size '\(size)' is not a size; allowed: a positive number "
                + "of bytes, or with KiB, MiB, GiB or TiB (64MiB)")
        }
        do {
            _ = try VolumeDirectory.create(at: directory, sizeBytes: bytes)
        } catch {
            throw CommandExit.badInput("volume create: \(error.message)")
        }
        Output.print("created volume \(directory) (\(size))")
    }
}
