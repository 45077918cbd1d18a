import ArgumentParser
import Foundation
import SnapWriter

/// `snapwriter volume expose`: a snapshot mounted read-only, in the foreground or the background.
struct VolumeExposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expose", abstract: "Mounts a snapshot read-only at MOUNTPOINT.",
        discussion: "It shows the snapshot as taken while the volume goes on being written, snapshotted and cleaned up "
            + "by its own server. With --background, returns once the mount is usable (the server's pid in "
            + "DIR/expose-SNAPSHOT.pid, its output in DIR/expose-SNAPSHOT.log).")

    @Argument(help: "The volume directory.")
    var directory: String

    @Argument(help: "The snapshot id.")
    var snapshot: String

    @Argument(help: "An empty directory to mount on.")
    var mountpoint: String

    @Flag(help: "Return once the mount is usable.")
    var background = false

    func run() throws {
        let volume = try VolumeCLI.openVolume(directory)
        try VolumeCLI.prepareMountpoint(mountpoint)
        if background {
            let pid = try BackgroundMount.start(arguments: ["volume", "expose", directory, snapshot, mountpoint],
                                                mountpoint: mountpoint, logDirectory: volume.path,
                                                name: "expose-\(snapshot)")
            Output.print("exposed snapshot \(snapshot) of \(directory) on \(mountpoint) (pid \(pid))")
            return
        }
        let server: FuseSnapshotServer
        do {
            server = try FuseSnapshotServer(store: try volume.openStoreForReading(), snapshotId: snapshot,
                                            mountpoint: mountpoint)
        } catch {
            throw CommandExit.badInput("volume expose: \(error.message)")
        }
        do {
            try server.mount()
        } catch {
            throw CommandExit.environment("volume expose: \(error.message)")
        }
        let mountpoint = self.mountpoint
        let signals = TerminationSignals {
            StaleMounts.unmount(mountpoint, lazy: true)
            server.stop()
        }
        Output.print("exposed snapshot \(snapshot) of \(directory) on \(mountpoint)")
        server.run()
        withExtendedLifetime(signals) {}
    }
}
