import Foundation
import SnapWriter

/// A SnapWriter volume served in this process: a copy-on-write store in a directory of its
/// own, FuseVolumeServer's loop on a thread of its own.
final class InProcessVolume: BenchTarget {
    let role = TargetRole.volume
    let store: CopyOnWriteStore
    let server: FuseVolumeServer
    private let loop: Thread
    private var snapshotNumber = 0

    var root: String { server.mountpoint }

    init(directory: String, mountpoint: String) throws(BenchError) {
        do {
            try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
            store = try CopyOnWriteStore.create(directory: directory)
            server = try FuseVolumeServer(store: store, mountpoint: mountpoint)
            try server.mount()
        } catch let error as VolumeError {
            throw BenchError("cannot serve a volume at \(mountpoint): \(error.message)")
        } catch {
            throw BenchError("cannot serve a volume at \(mountpoint): \(error.localizedDescription)")
        }
        let server = self.server
        loop = Thread { server.run() }
        loop.name = "snapwriter-bench-volume"
        loop.start()
    }

    /// A snapshot through the server (under a hold, as the control socket takes one), then
    /// older snapshots deleted oldest first so the diff area does not grow run after run.
    func beforeOverwrite(label: String) throws(BenchError) {
        _ = try snapshot(label)
        for older in store.snapshots.dropLast() {
            do {
                try store.deleteSnapshot(id: older.id)
            } catch {
                throw BenchError("cannot delete snapshot \(older.id): \(error.message)")
            }
        }
    }

    @discardableResult
    func snapshot(_ label: String) throws(BenchError) -> CopyOnWriteStore.SnapshotInfo {
        snapshotNumber += 1
        do {
            return try server.snapshot(id: "\(label)-\(snapshotNumber)")
        } catch {
            throw BenchError("snapshot \(label): \(error.message)")
        }
    }

    /// Answers anything held, ends the loop and waits for the unmount.
    func stop() {
        server.release()
        server.stop()
        // A request the kernel must send lets the loop see that it should end.
        _ = try? FileManager.default.contentsOfDirectory(atPath: server.mountpoint)
        for _ in 0..<300 where !loop.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        if !loop.isFinished {
            StaleMounts.unmount(server.mountpoint, lazy: true)
            for _ in 0..<300 where !loop.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        }
    }
}
