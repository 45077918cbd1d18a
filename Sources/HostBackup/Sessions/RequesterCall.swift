import SnapWriter

/// One IVssBackupComponents call as a request body names it (`{"call": NAME, ...}`), its
/// arguments checked: a missing or ill-typed argument is the body's fault, never VSS's.
enum RequesterCall: Equatable {
    case gatherWriterMetadata
    case setBackupState(BackupType, selectComponents: Bool, bootableSystemState: Bool, partialFileSupport: Bool)
    case addComponent(writer: String, component: String)
    case prepareForBackup
    case startSnapshotSet
    case addToSnapshotSet(volume: String)
    case doSnapshotSet
    case gatherWriterStatus
    case setBackupSucceeded(writer: String, component: String, succeeded: Bool)
    case backupComplete
    case abortBackup

    static let names = [
        "GatherWriterMetadata", "SetBackupState", "AddComponent", "PrepareForBackup", "StartSnapshotSet",
        "AddToSnapshotSet", "DoSnapshotSet", "GatherWriterStatus", "SetBackupSucceeded", "BackupComplete",
        "AbortBackup",
    ]

    /// The call a body asks for.
    init(body: JSONValue) throws(SessionError) {
        guard case .object(let pairs) = body else {
            throw .badRequest("the body must be a JSON object naming a call", path: "")
        }
        guard let name = body["call"] else { throw .badRequest("'call' is required", path: "call") }
        guard case .string(let call) = name, Self.names.contains(call) else {
            throw .badRequest("'call' must be one of: \(Self.names.joined(separator: ", "))", path: "call")
        }
        let allowed: Set<String> = switch call {
        case "SetBackupState": ["call", "backupType", "selectComponents", "bootableSystemState", "partialFileSupport"]
        case "AddComponent": ["call", "writer", "component"]
        case "AddToSnapshotSet": ["call", "volume"]
        case "SetBackupSucceeded": ["call", "writer", "component", "succeeded"]
        default: ["call"]
        }
        if let unknown = pairs.first(where: { !allowed.contains($0.0) }) {
            throw .badRequest("\(call) takes no argument '\(unknown.0)'", path: unknown.0)
        }
        for (index, pair) in pairs.enumerated() where pairs[..<index].contains(where: { $0.0 == pair.0 }) {
            throw .badRequest("the key '\(pair.0)' is given twice", path: pair.0)
        }
        switch call {
        case "GatherWriterMetadata": self = .gatherWriterMetadata
        case "SetBackupState":
            let typeName = try Self.string(body, "backupType")
            guard let type = BackupType.allCases.first(where: { $0.name == typeName }) else {
                throw .badRequest("'backupType' must be one of: \(BackupType.allCases.map(\.name).joined(separator: ", "))",
                                  path: "backupType")
            }
            self = .setBackupState(type, selectComponents: try Self.flag(body, "selectComponents"),
                                   bootableSystemState: try Self.flag(body, "bootableSystemState"),
                                   partialFileSupport: try Self.flag(body, "partialFileSupport"))
        case "AddComponent":
            self = .addComponent(writer: try Self.string(body, "writer"), component: try Self.string(body, "component"))
        case "PrepareForBackup": self = .prepareForBackup
        case "StartSnapshotSet": self = .startSnapshotSet
        case "AddToSnapshotSet": self = .addToSnapshotSet(volume: try Self.string(body, "volume"))
        case "DoSnapshotSet": self = .doSnapshotSet
        case "GatherWriterStatus": self = .gatherWriterStatus
        case "SetBackupSucceeded":
            guard let value = body["succeeded"], case .bool(let succeeded) = value else {
                throw .badRequest("'succeeded' (a boolean) is required", path: "succeeded")
            }
            self = .setBackupSucceeded(writer: try Self.string(body, "writer"),
                                       component: try Self.string(body, "component"), succeeded: succeeded)
        case "BackupComplete": self = .backupComplete
        default: self = .abortBackup
        }
    }

    private static func string(_ body: JSONValue, _ key: String) throws(SessionError) -> String {
        guard let value = body[key], case .string(let text) = value, !text.isEmpty else {
            throw .badRequest("'\(key)' (a non-empty string) is required", path: key)
        }
        return text
    }

    /// An optional boolean, false when absent.
    private static func flag(_ body: JSONValue, _ key: String) throws(SessionError) -> Bool {
        guard let value = body[key] else { return false }
        guard case .bool(let flag) = value else { throw .badRequest("'\(key)' must be a boolean", path: key) }
        return flag
    }
}
