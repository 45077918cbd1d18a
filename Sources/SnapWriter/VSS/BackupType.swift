/// VSS_BACKUP_TYPE: what a requester asks its writers to back up.
public enum BackupType: Int, Sendable, CaseIterable, Codable {
    case undefined = 0
    case full = 1
    case incremental = 2
    case differential = 3
    case log = 4
    case copy = 5
    case other = 6

    /// The SDK name, e.g. `VSS_BT_FULL`.
    public var name: String {
        switch self {
        case .undefined: "VSS_BT_UNDEFINED"
        case .full: "VSS_BT_FULL"
        case .incremental: "VSS_BT_INCREMENTAL"
        case .differential: "VSS_BT_DIFFERENTIAL"
        case .log: "VSS_BT_LOG"
        case .copy: "VSS_BT_COPY"
        case .other: "VSS_BT_OTHER"
        }
    }

    /// The spelling scenario files use for the host requestor's backup type.
    public init?(scenarioName: String) {
        switch scenarioName {
        case "full": self = .full
        case "copy": self = .copy
        case "incremental": self = .incremental
        case "differential": self = .differential
        case "log": self = .log
        default: return nil
        }
    }

    public static let scenarioNames = ["full", "copy", "incremental", "differential", "log"]

    /// FULL (and the types built on it) update a writer's backup history; COPY never does.
    public var updatesHistory: Bool { self != .copy }
}
