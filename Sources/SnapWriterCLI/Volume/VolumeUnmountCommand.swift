import ArgumentParser
import Foundation
import SnapWriter

/// `snapwriter volume unmount`: unmounts a volume or exposed snapshot, lazily when busy.
struct VolumeUnmountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmount", abstract: "Unmounts a volume or exposed snapshot; its server then exits.")

    @Argument(help: "The mount point.")
    var mountpoint: String

    func run() throws {
        let target = URL(fileURLWithPath: mountpoint).standardizedFileURL.path
        guard StaleMounts.snapwriterMounts(under: target).contains(target) else {
            throw CommandExit.badInput("volume unmount: nothing of SnapWriter is mounted at \(mountpoint)")
        }
        if !StaleMounts.unmount(target, lazy: false) {
            StaleMounts.unmount(target, lazy: true)
            Output.error("\(mountpoint) was busy: unmounted lazily; it goes once the last file on it is closed")
        }
        Output.print("unmounted \(mountpoint)")
    }
}
