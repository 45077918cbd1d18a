/// A volume the VSS coordinator can put in a snapshot set: it flushes, holds writes for
/// the provider's commit, and takes point-in-time snapshots. Memory and FUSE volumes both
/// implement it.
public protocol Volume: AnyObject {
    /// The name Windows tools use: `C:`, `D:`.
    var name: String { get }
    /// Writes out what is buffered; returns how long that took on the run's clock.
    func flush() -> Duration
    /// From now on, writes are parked until `releaseWrites()`; reads go on.
    func holdWrites()
    /// Answers every parked write, in the order it arrived.
    func releaseWrites()
    var isHoldingWrites: Bool { get }
    /// The machine stopped while writes were held: they were never acknowledged and are
    /// dropped; the hold ends.
    func dropHeldWrites()
    /// A point-in-time snapshot of the volume as it is now.
    func createSnapshot(id: String) throws(VolumeError) -> VolumeSnapshot
    func deleteSnapshot(id: String)
    var snapshotIds: [String] { get }
}

/// A read-only point-in-time view of a volume.
public protocol VolumeSnapshot: AnyObject {
    var id: String { get }
    var volumeName: String { get }
    /// Every file on the volume at the snapshot point, by path.
    func files() -> [String: [UInt8]]
}
