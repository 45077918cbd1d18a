/// VSS_WRITER_STATE, with the numbers and the labels vssadmin prints.
public enum WriterState: Int, Sendable, CaseIterable, Codable {
    case unknown = 0
    case stable = 1
    case waitingForFreeze = 2
    case waitingForThaw = 3
    case waitingForPostSnapshot = 4
    case waitingForBackupComplete = 5
    case failedAtIdentify = 6
    case failedAtPrepareBackup = 7
    case failedAtPrepareSnapshot = 8
    case failedAtFreeze = 9
    case failedAtThaw = 10
    case failedAtPostSnapshot = 11
    case failedAtBackupComplete = 12
    case failedAtPreRestore = 13
    case failedAtPostRestore = 14
    case failedAtBackupShutdown = 15

    public var name: String {
        switch self {
        case .unknown: "VSS_WS_UNKNOWN"
        case .stable: "VSS_WS_STABLE"
        case .waitingForFreeze: "VSS_WS_WAITING_FOR_FREEZE"
        case .waitingForThaw: "VSS_WS_WAITING_FOR_THAW"
        case .waitingForPostSnapshot: "VSS_WS_WAITING_FOR_POST_SNAPSHOT"
        case .waitingForBackupComplete: "VSS_WS_WAITING_FOR_BACKUP_COMPLETE"
        case .failedAtIdentify: "VSS_WS_FAILED_AT_IDENTIFY"
        case .failedAtPrepareBackup: "VSS_WS_FAILED_AT_PREPARE_BACKUP"
        case .failedAtPrepareSnapshot: "VSS_WS_FAILED_AT_PREPARE_SNAPSHOT"
        case .failedAtFreeze: "VSS_WS_FAILED_AT_FREEZE"
        case .failedAtThaw: "VSS_WS_FAILED_AT_THAW"
        case .failedAtPostSnapshot: "VSS_WS_FAILED_AT_POST_SNAPSHOT"
        case .failedAtBackupComplete: "VSS_WS_FAILED_AT_BACKUP_COMPLETE"
        case .failedAtPreRestore: "VSS_WS_FAILED_AT_PRE_RESTORE"
        case .failedAtPostRestore: "VSS_WS_FAILED_AT_POST_RESTORE"
        case .failedAtBackupShutdown: "VSS_WS_FAILED_AT_BACKUPSHUTDOWN"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    public var isFailed: Bool { rawValue >= 6 }

    /// What vssadmin prints after `State:`, e.g. `[8] Failed`.
    public var vssadminLabel: String {
        let text: String
        switch self {
        case .unknown: text = "Unknown"
        case .stable: text = "Stable"
        case .waitingForFreeze: text = "Waiting for freeze"
        case .waitingForThaw: text = "Frozen"
        case .waitingForPostSnapshot: text = "Waiting for post snapshot"
        case .waitingForBackupComplete: text = "Waiting for completion"
        default: text = "Failed"
        }
        return "[\(rawValue)] \(text)"
    }
}

extension WriterState {
    /// The event a failed state records, e.g. PrepareForSnapshot for FAILED_AT_PREPARE_SNAPSHOT.
    public var failedEvent: WriterEvent? {
        switch self {
        case .failedAtIdentify: .identify
        case .failedAtPrepareBackup: .prepareBackup
        case .failedAtPrepareSnapshot: .prepareSnapshot
        case .failedAtFreeze: .freeze
        case .failedAtThaw: .thaw
        case .failedAtPostSnapshot: .postSnapshot
        case .failedAtBackupComplete: .backupComplete
        case .failedAtBackupShutdown: .backupShutdown
        default: nil
        }
    }
}
