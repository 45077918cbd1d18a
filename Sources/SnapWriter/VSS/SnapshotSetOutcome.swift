/// How DoSnapshotSet ended.
public enum SnapshotSetOutcome {
    /// The shadow copies exist (writers may still have failed PostSnapshot: read their status).
    case created([VolumeSnapshot])
    /// The set was abandoned: by a writer failing or timing out in Freeze or Thaw (the
    /// writer's own code), or by the provider's flush-and-hold limits.
    case failed(HResult)

    public var snapshots: [VolumeSnapshot] {
        if case .created(let snapshots) = self { return snapshots }
        return []
    }
}
