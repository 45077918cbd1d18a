import ArgumentParser
import SnapWriter

/// `snapwriter volume delete`: removes a snapshot, through the server when the volume is mounted.
struct VolumeDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Deletes a snapshot.")

    @Argument(help: "The volume directory.")
    var directory: String

    @Argument(help: "The snapshot id.")
    var snapshot: String

    func run() throws {
        let volume = try VolumeCLI.openVolume(directory)
        if let answer = ControlClient.send("delete \(snapshot)", toVolume: directory) {
            guard answer.hasPrefix("ok") else { throw CommandExit.badInput("volume delete: \(answer.dropFirst(6))") }
        } else {
            do {
                try volume.openStore().deleteSnapshot(id: snapshot)
            } catch {
                throw CommandExit.badInput("volume delete: \(error.message)")
            }
        }
        Output.print("deleted snapshot \(snapshot)")
    }
}
