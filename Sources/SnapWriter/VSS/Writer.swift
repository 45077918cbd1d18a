/// What a writer answers to one event.
public enum WriterResponse: Sendable, Equatable {
    /// Done, after taking this long.
    case success(after: Duration)
    /// SetWriterFailure(hr) and return false, after taking this long.
    case failure(HResult, after: Duration)
    /// Never answers: the coordinator's timers decide what happens.
    case hang

    public static let immediate = WriterResponse.success(after: .zero)
}

/// What a writer is told along with an event.
public struct WriterEventContext {
    public let backupType: BackupType
    public let snapshotSetId: String?
    /// The volumes in the snapshot set, by name (`C:`, `D:`).
    public let volumes: [String]
    /// Where the writer's trace lines go, e.g. `HV01/VM2/SqlServerWriter`.
    public let scope: String
    public let log: EventLog
    public let clock: SimulationClock
    /// For BackupShutdown: the requester went away without ending the backup (its process
    /// died), rather than releasing its object.
    public var requesterDied = false
    /// What the requester set for this writer with SetBackupOptions; nil when it set nothing.
    public internal(set) var backupOptions: (any WriterBackupOptions)?
    /// The requester's own hook, told of each event just before the writer receives it: a
    /// requester-side argument of one backup (a scenario's host faults step in here), never
    /// shown to the writer.
    var observer: ((WriterEvent) -> Void)?

    public init(backupType: BackupType, snapshotSetId: String?, volumes: [String], scope: String,
                log: EventLog, clock: SimulationClock) {
        self.backupType = backupType
        self.snapshotSetId = snapshotSetId
        self.volumes = volumes
        self.scope = scope
        self.log = log
        self.clock = clock
    }
}

/// A VSS writer (CVssWriter): answers the coordinator's events. Writers live as long as
/// the service that hosts them, across backups.
public protocol Writer: AnyObject {
    var identity: WriterIdentity { get }
    func handle(_ event: WriterEvent, context: WriterEventContext) -> WriterResponse
    /// The hosting service restarted: forget everything held for a backup.
    func serviceRestarted()
}

extension Writer {
    public func serviceRestarted() {}
}
