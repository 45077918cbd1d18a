/// The guest's shadow copies while they exist, as its requester hands them out for copying:
/// the snapshots, and the databases the SQL writer held frozen when they were taken.
public struct GuestShadowCopies {
    public let snapshots: [VolumeSnapshot]
    public let quiescedDatabases: Set<String>

    public func snapshot(of volume: String) -> VolumeSnapshot? {
        snapshots.first { $0.volumeName == volume }
    }
}
