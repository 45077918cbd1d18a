import ArgumentParser
import Foundation
import SnapWriter

/// `snapwriter volume mount`: serves a volume over FUSE, in the foreground or the background.
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
