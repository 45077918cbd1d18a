/// The events VSS sends a writer (CVssWriter's On* methods), in the order of a backup.
public enum WriterEvent: String, Sendable, CaseIterable, Codable {
    case identify = "identify"
    case prepareBackup = "prepare-backup"
    case prepareSnapshot = "prepare-snapshot"
    case freeze = "freeze"
    case thaw = "thaw"
    case postSnapshot = "post-snapshot"
    case backupComplete = "backup-complete"
    case abort = "abort"
    case backupShutdown = "backup-shutdown"

    /// The events a scenario's fault rules may target.
    public static let faultable: [WriterEvent] = [
        .identify, .prepareBackup, .prepareSnapshot, .freeze, .thaw, .postSnapshot, .backupComplete,
    ]

    /// The name the event has in traces, as in the SDK (`PrepareForSnapshot`).
    public var traceName: String {
        switch self {
        case .identify: "Identify"
        case .prepareBackup: "PrepareForBackup"
        case .prepareSnapshot: "PrepareForSnapshot"
        case .freeze: "Freeze"
        case .thaw: "Thaw"
        case .postSnapshot: "PostSnapshot"
        case .backupComplete: "BackupComplete"
        case .abort: "Abort"
        case .backupShutdown: "BackupShutdown"
        }
    }

    /// The state a writer reports after answering this event successfully.
    public var stateAfterSuccess: WriterState {
        switch self {
        case .identify, .prepareBackup, .backupComplete: .stable
        case .prepareSnapshot: .waitingForFreeze
        case .freeze: .waitingForThaw
        case .thaw: .waitingForPostSnapshot
        case .postSnapshot: .waitingForBackupComplete
        case .abort, .backupShutdown: .stable
        }
    }

    /// The state a writer reports after failing this event.
    public var stateAfterFailure: WriterState {
        switch self {
        case .identify: .failedAtIdentify
        case .prepareBackup: .failedAtPrepareBackup
        case .prepareSnapshot: .failedAtPrepareSnapshot
        case .freeze: .failedAtFreeze
        case .thaw: .failedAtThaw
        case .postSnapshot: .failedAtPostSnapshot
        case .backupComplete: .failedAtBackupComplete
        case .abort: .failedAtFreeze
        case .backupShutdown: .failedAtBackupShutdown
        }
    }
}
