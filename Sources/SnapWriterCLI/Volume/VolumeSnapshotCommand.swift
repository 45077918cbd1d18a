import ArgumentParser
import Foundation
import SnapWriter

/// `snapwriter volume snapshot`: a copy-on-write snapshot, taken through the server when the volume is mounted.
struct VolumeSnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Takes a copy-on-write snapshot; prints its id alone on the last line.")

    @Argument(help: "The volume directory.")
    var directory: String

    func run() throws {
        let volume = try VolumeCLI.openVolume(directory)
        if let answer = ControlClient.send("snapshot", toVolume: directory) {
            guard answer.hasPrefix("ok ") else { throw CommandExit.environment("volume snapshot: \(answer)") }
            Output.print(String(answer.dropFirst(3)))
            return
        }
        // Not mounted: nothing writes, so the snapshot needs no hold.
        do {
            Output.print(try volume.openStore().createSnapshot(id: UUID().uuidString.lowercased()).id)
        } catch {
            throw CommandExit.environment("volume snapshot: \(error.message)")
        }
    }
}
