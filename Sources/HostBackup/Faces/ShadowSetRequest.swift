import SnapWriter

/// What a requester tool asks of one shadow copy set: its context (persistence, writers),
/// the backup type writers see, the writers it leaves out or requires, and the volumes.
struct ShadowSetRequest {
    var attributes: ShadowAttributes
    var backupType: BackupType
    /// Writer class ids (`{guid}`) left out with DisableWriterClasses.
    var excludedWriterIds: Set<String>
    /// Writers that must take part, as the user named them, with their class id when the
    /// machine has such a writer.
    var verified: [(text: String, writerId: String?)]
    var volumes: [String]
    /// The user's names for the volumes' shadow copies, by volume (diskshadow's aliases).
    var aliases: [String: String] = [:]
}

/// How far a shadow copy set got, as a tool reports it on the way.
enum ShadowSetProgress {
    case gatheringMetadata
    case startedSet(String)
    case addingVolume(String)
    case preparingForBackup
    case creating
    case created
}

/// Why a shadow copy set was not made, or was made with a writer that failed.
enum ShadowSetFailure: Error {
    /// A requester call returned an error (out of order, a set already in progress, …).
    case call(VSSError)
    /// A writer the request verifies is not taking part (absent, excluded, or failed Identify).
    case notIncluded(String)
    /// DoSnapshotSet abandoned the set (a Freeze/Thaw failure, the flush-and-hold limits).
    case snapshotSet(HResult)
    /// The set was made, but these writers that took part failed.
    case writersFailed([WriterStatus])
}
