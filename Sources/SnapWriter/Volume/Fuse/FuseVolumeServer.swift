import CFuse
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Serves a volume's live files over FUSE (libfuse's low-level API, multi-threaded loop).
/// Mutating operations pass the freeze gate: while the volume is held they are parked with
/// their request and answered on release, so no libfuse thread sleeps on a hold. Every
/// overwrite first lets the copy-on-write store keep what the newest snapshot needs.
public final class FuseVolumeServer: Sendable {
    public let store: CopyOnWriteStore
    /// Volume faults: errors and latency answered to the kernel instead of, or before, the work.
    public let faults: VolumeFaultInjector
    /// The volume's size limit, when it has one (`snapwriter volume` volumes do).
    public let capacity: VolumeCapacity?
    let gate = FreezeGate<() -> Void>()
    let nodes: FuseNodeTable
    private let session: FuseSession

    public var mountpoint: String { session.mountpoint }

    public init(store: CopyOnWriteStore, mountpoint: String,
                faults: VolumeFaultInjector = VolumeFaultInjector(), capacity: VolumeCapacity? = nil) throws(VolumeError) {
        self.store = store
        self.faults = faults
        self.capacity = capacity
        session = FuseSession(mountpoint: mountpoint)
        var status = stat()
        guard lstat(store.liveRoot, &status) == 0 else { throw VolumeError.posix("stat \(store.liveRoot)") }
        nodes = FuseNodeTable(backingRootInode: UInt64(status.st_ino))
    }

    func backingPath(_ relative: String) -> String { relative.isEmpty ? store.liveRoot : store.liveRoot + "/" + relative }

    /// Mounts; after it returns the mount is usable and `run()` serves it.
    public func mount() throws(VolumeError) {
        try session.mount(options: "fsname=\(FuseServerProcess.source()),subtype=snapwriter,default_permissions",
                          operations: FuseOperations.table(), userdata: Unmanaged.passUnretained(self).toOpaque(),
                          volume: store.directory)
    }

    /// Serves requests until `stop()` or an unmount; held writes are answered before the
    /// mount goes away.
    public func run() { session.run(beforeUnmount: release) }

    /// Ends the loop from another thread.
    public func stop() { session.stop() }

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

    /// The errno a volume fault answers `operation` on the node with, after its latency;
    /// nil to do the work.
    func injectedError(_ operation: VolumeOperation, inode: UInt64) -> Int32? {
        guard faults.isActive, let path = nodes.path(of: inode) else { return nil }
        return injectedError(operation, path: path)
    }

    func injectedError(_ operation: VolumeOperation, path: String) -> Int32? {
        guard faults.isActive, let hit = faults.decide(operation, path: path) else { return nil }
        if faults.sleepsForReal, hit.latency > .zero {
            let (seconds, attoseconds) = hit.latency.components
            var pause = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
            var left = timespec()
            while nanosleep(&pause, &left) != 0, errno == EINTR { pause = left }
        }
        return hit.error?.value
    }

    /// Runs a mutation now, or parks it until the hold is released.
    func gated(_ work: @escaping () -> Void) {
        if gate.enter(orPark: work) {
            work()
            gate.leave()
        }
    }
}
