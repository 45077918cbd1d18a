import CFuse
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Serves a volume's live files over FUSE (libfuse's low-level API, multi-threaded loop).
/// Mutating operations pass the freeze gate: while the volume is held they are parked with
/// their request and answered on release, so no libfuse thread sleeps on a hold. Every
/// overwrite first lets the copy-on-write store keep what the newest snapshot needs.
public final class FuseVolumeServer: @unchecked Sendable {
    // Safety: `session` is set once in mount() before the loop starts and cleared after it ends.
    public let store: CopyOnWriteStore
    public let mountpoint: String
    let gate = FreezeGate<() -> Void>()
    let nodes: FuseNodeTable
    private var session: OpaquePointer?

    public init(store: CopyOnWriteStore, mountpoint: String) throws(VolumeError) {
        self.store = store
        self.mountpoint = mountpoint
        var status = stat()
        guard lstat(store.liveRoot, &status) == 0 else { throw VolumeError.posix("stat \(store.liveRoot)") }
        nodes = FuseNodeTable(backingRootInode: UInt64(status.st_ino))
    }

    func backingPath(_ relative: String) -> String { relative.isEmpty ? store.liveRoot : store.liveRoot + "/" + relative }

    /// Mounts; after it returns the mount is usable and `run()` serves it.
    public func mount() throws(VolumeError) {
        var ops = FuseOperations.table()
        let arguments = ["snapwriter", "-o", "fsname=snapwriter,subtype=snapwriter,default_permissions"]
        var argv = arguments.map { strdup($0) }
        defer { argv.forEach { free($0) } }
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        guard let made = CFuse_sessionNew(Int32(argv.count), &argv, &ops, userdata) else {
            throw VolumeError(volume: store.directory, message: "fuse_session_new failed")
        }
        guard fuse_session_mount(made, mountpoint) == 0 else {
            fuse_session_destroy(made)
            throw VolumeError(volume: store.directory, message: "cannot mount on \(mountpoint) (is it an empty directory? is /dev/fuse usable?)")
        }
        session = made
    }

    /// Serves requests until `stop()` or an unmount; then unmounts and frees the session.
    public func run() {
        guard let session else { return }
        _ = CFuse_sessionLoopMultiThreaded(session, 4)
        release()
        fuse_session_unmount(session)
        fuse_session_destroy(session)
        self.session = nil
    }

    /// Ends the loop from another thread (or a signal handler's helper thread).
    public func stop() {
        if let session { fuse_session_exit(session) }
    }

    // MARK: Hold, release, snapshot (the control socket's commands)

    /// Flush and hold: new mutations park; returns once those in flight are done.
    public func hold() { gate.hold() }

    /// Answers every parked mutation in arrival order and lets new ones through.
    public func release() { gate.release { $0() } }

    public var isHolding: Bool { gate.isHolding }

    /// A point-in-time snapshot: taken under a hold (or the one already in place) so no
    /// write is half-way between its copy-on-write check and its data.
    public func snapshot(id: String) throws(VolumeError) -> CopyOnWriteStore.SnapshotInfo {
        let wasHolding = gate.isHolding
        if !wasHolding { gate.hold() }
        defer { if !wasHolding { release() } }
        return try store.createSnapshot(id: id)
    }

    /// Runs a mutation now, or parks it until the hold is released.
    func gated(_ work: @escaping () -> Void) {
        if gate.enter(orPark: work) {
            work()
            gate.leave()
        }
    }
}
