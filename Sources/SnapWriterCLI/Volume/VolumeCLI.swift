import Foundation
import SnapWriter

/// What the volume commands share: opening a volume, checking FUSE, cleaning a stale mount.
enum VolumeCLI {
    static func openVolume(_ directory: String) throws -> VolumeDirectory {
        do {
            return try VolumeDirectory.open(directory)
        } catch {
            throw CommandExit.badInput("volume: \(error.message)")
        }
    }

    static func requireFuse() throws {
        guard FuseAvailability.deviceUsable else {
            throw CommandExit.environment("FUSE is required and /dev/fuse cannot be opened here")
        }
    }

    /// The mount point must be a directory; a stale SnapWriter mount there is cleaned first.
    static func prepareMountpoint(_ mountpoint: String) throws {
        try requireFuse()
        if StaleMounts.cleanIfStale(mountpoint) {
            Output.error("cleaned a stale mount at \(mountpoint) left by a server that is gone")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: mountpoint, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandExit.badInput("volume: mount point \(mountpoint) is not a directory")
        }
    }

    /// Sends a command to the volume's server; exit 3 when it is not mounted.
    static func control(_ command: String, _ directory: String) throws -> String {
        _ = try openVolume(directory)
        guard let answer = ControlClient.send(command, toVolume: directory) else {
            throw CommandExit.environment("volume \(directory) is not mounted (no server answers for it); "
                + "mount it with 'snapwriter volume mount \(directory) MOUNTPOINT --background'")
        }
        guard answer.hasPrefix("ok") else {
            throw CommandExit.badInput("volume \(directory): \(answer.dropFirst("error ".count))")
        }
        return String(answer.dropFirst(3))
    }
}
