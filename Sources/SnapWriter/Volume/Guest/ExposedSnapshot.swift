import Foundation

/// A guest volume's shadow copy exposed read-only on a real FUSE mount, served by this
/// process, so that any program (a backup tool under test, `cp`, restic) can copy the
/// point-in-time image while the volume goes on being written.
public final class ExposedSnapshot {
    public let mountpoint: String
    private let server: FuseSnapshotServer
    private let loop: Thread
    private var closed = false
    /// Whether closing removes the mount point: not when it is a directory the user made.
    private let removesMountpoint: Bool

    /// Mounts `snapshot` on `mountpoint` (created when missing). Only a FUSE volume's shadow
    /// copies live in a store a mount can read; a memory volume's cannot be exposed.
    /// `removesMountpoint`: false for an existing directory the caller was given, which
    /// outlives the exposure.
    public init(_ snapshot: VolumeSnapshot, mountpoint: String, removesMountpoint: Bool = true) throws(VolumeError) {
        guard let onStore = snapshot as? FuseVolumeSnapshot else {
            throw VolumeError(volume: snapshot.volumeName,
                              message: "shadow copy \(snapshot.id) is of a memory volume; only a FUSE volume's "
                                  + "shadow copies can be exposed (volumes: fuse)")
        }
        do {
            try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
        } catch {
            throw VolumeError(volume: snapshot.volumeName,
                              message: "cannot create \(mountpoint): \(error.localizedDescription)")
        }
        let server = try FuseSnapshotServer(store: onStore.store, snapshotId: onStore.id, mountpoint: mountpoint)
        try server.mount()
        self.mountpoint = mountpoint
        self.removesMountpoint = removesMountpoint
        self.server = server
        loop = Thread { server.run() }
        loop.name = "expose \(snapshot.id)"
        loop.start()
    }

    deinit { close() }

    /// Unmounts; the shadow copy itself stays. Safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        // The unmount ends the loop's wait for requests, so it sees the stop.
        StaleMounts.unmountServed(mountpoint)
        server.stop()
        // The server's threads use this object until the loop ends: returning earlier would
        // let it go while they still run. On a loaded machine the loop can take seconds.
        for _ in 0..<6000 where !loop.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        if removesMountpoint { try? FileManager.default.removeItem(atPath: mountpoint) }
    }
}
