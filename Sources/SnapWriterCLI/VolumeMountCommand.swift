import ArgumentParser
import Foundation
import SnapWriter

struct VolumeMountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mount", abstract: "Serves a volume over FUSE at MOUNTPOINT.",
        discussion: "In the foreground until unmounted or interrupted; with --background, returns once the mount is usable "
            + "and leaves the server running (its pid in DIR/mount.pid, its output in DIR/mount.log).")

    @Argument(help: "The volume directory.")
    var directory: String

    @Argument(help: "An empty directory to mount on.")
    var mountpoint: String

    @Flag(help: "Return once the mount is usable.")
    var background = false

    func run() throws {
        let volume = try VolumeCLI.openVolume(directory)
        try VolumeCLI.prepareMountpoint(mountpoint)
        if background {
            let pid = try BackgroundMount.start(arguments: ["volume", "mount", directory, mountpoint],
                                                mountpoint: mountpoint, logDirectory: volume.path, name: "mount")
            Output.print("mounted \(directory) on \(mountpoint) (pid \(pid))")
            return
        }
        let mounted: MountedVolume
        do {
            mounted = try MountedVolume(volume: volume, mountpoint: mountpoint)
            try mounted.mount()
        } catch {
            throw CommandExit.environment("volume mount: \(error.message)")
        }
        Output.print("mounted \(directory) on \(mountpoint)")
        mounted.run()
    }
}

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
        if StaleMounts.isStale(mountpoint) {
            StaleMounts.release(mountpoint)
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
