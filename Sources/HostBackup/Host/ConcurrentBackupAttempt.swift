import SnapWriter

/// A second host backup started while one was under way, and what its requester's call
/// returned: VSS_E_SNAPSHOT_SET_IN_PROGRESS while a snapshot set is being made.
public struct ConcurrentBackupAttempt: Sendable {
    /// The event the first backup was at.
    public var duringEvent: WriterEvent
    /// The call that failed: StartSnapshotSet.
    public var call: String?
    /// nil when the second backup could start its set.
    public var hresult: HResult?
}
