import Foundation
import SnapWriter
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What a bench run would leave behind if the process were interrupted: its run directory
/// with the volume's and the passthrough's mounts in it, and the passthrough's process.
/// The CLI calls `cleanUp()` on SIGINT or SIGTERM so no stale mount outlives the run.
public enum BenchInterruption {
    private static let state = Mutex<(directories: Set<String>, children: Set<Int32>)>(([], []))
    private static let cleaning = Atomic<Bool>(false)

    /// True once `cleanUp()` has begun: a measurement failing from then on failed because
    /// its mounts were taken away, not on its own.
    public static var interrupted: Bool { cleaning.load(ordering: .acquiring) }

    static func track(directory: String) { state.withLock { _ = $0.directories.insert(directory) } }
    static func forget(directory: String) { state.withLock { _ = $0.directories.remove(directory) } }
    static func track(child: Int32) { state.withLock { _ = $0.children.insert(child) } }
    static func forget(child: Int32) { state.withLock { _ = $0.children.remove(child) } }

    /// Ends the passthrough processes, aborts and unmounts every FUSE mount in the run
    /// directories (only those; aborted, so the exiting bench cannot hang closing a file on
    /// a mount whose server it no longer runs) and removes the directories.
    public static func cleanUp() {
        cleaning.store(true, ordering: .releasing)
        let (directories, children) = state.withLock { ($0.directories, $0.children) }
        for child in children { kill(child, SIGTERM) }
        for directory in directories {
            for mount in MountTable().fuseMounts(under: directory) { StaleMounts.release(mount) }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
