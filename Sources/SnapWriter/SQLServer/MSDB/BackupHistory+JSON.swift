extension BackupHistory {
    /// Reads `chain`'s input: a JSON array of backupset objects by msdb's column names.
    /// backup_set_id (unique), database_name, type, first_lsn and last_lsn are required; other
    /// columns may be missing or null; unknown keys are ignored. LSNs come as strings in any
    /// spelling or as JSON integers, read from their text since they exceed 64 bits; flags
    /// as true/false or 0/1; dates as strings, kept as written.
    public init(json text: String) throws(BackupHistoryError) {
        let root: JSONNode
        do {
            root = try JSONReader.parse(text)
        } catch {
            throw BackupHistoryError(message: error.message, line: error.line, column: error.column)
        }
        guard case .array(let elements) = root.kind else {
            let (line, column) = JSONReader.position(ofOffset: root.offset, in: text)
            throw BackupHistoryError(
                message: "found \(root.kindName); allowed: a JSON array of backupset objects", line: line, column: column)
        }
        var backups: [BackupSet] = []
        var indexOfId: [Int: Int] = [:]
        for (index, element) in elements.enumerated() {
            let reader = try BackupSetReader(index: index, element: element, text: text)
            let backup = try reader.backupSet()
            if let earlier = indexOfId[backup.backupSetId] {
                throw reader.failure(
                    "backup_set_id \(backup.backupSetId) is also element \(earlier)'s; allowed: an id no other element has",
                    key: "backup_set_id")
            }
            indexOfId[backup.backupSetId] = index
            backups.append(backup)
        }
        self.init(backups)
    }
}

/// Reads one element of the history into a BackupSet, or fails naming the element, its
/// backup_set_id when read, the key, and what the key allows.
private struct BackupSetReader {
    let index: Int
    let element: JSONNode
    let text: String
    let members: [String: JSONNode]
    private(set) var backupSetId: Int?

    init(index: Int, element: JSONNode, text: String) throws(BackupHistoryError) {
        self.index = index
        self.element = element
        self.text = text
        guard case .object(let pairs) = element.kind else {
            members = [:]
            throw failure("found \(element.kindName); allowed: a backupset object")
        }
        var members: [String: JSONNode] = [:]
        var repeated: JSONNode.Member?
        for pair in pairs {
            if members[pair.key] == nil {
                members[pair.key] = pair.value
            } else if repeated == nil {
                repeated = pair
            }
        }
        self.members = members
        backupSetId = try required("backup_set_id", Self.integer)
        if let repeated {
            throw failure("appears twice in this object; allowed: each key once", key: repeated.key, at: repeated.value)
        }
    }

    func backupSet() throws(BackupHistoryError) -> BackupSet {
        let firstLsn = try required("first_lsn", Self.lsn)
        let lastLsn = try required("last_lsn", Self.lsn)
        guard firstLsn <= lastLsn else {
            throw failure(
                "\(lastLsn.numeric) is before first_lsn \(firstLsn.numeric); allowed: an LSN at or after first_lsn",
                key: "last_lsn")
        }
        return BackupSet(
            backupSetId: try required("backup_set_id", Self.integer),
            databaseName: try required("database_name", Self.name),
            type: try required("type", Self.kind),
            firstLsn: firstLsn,
            lastLsn: lastLsn,
            serverName: try optional("server_name", Self.string),
            machineName: try optional("machine_name", Self.string),
            isCopyOnly: try optional("is_copy_only", Self.flag),
            isSnapshot: try optional("is_snapshot", Self.flag),
            checkpointLsn: try optional("checkpoint_lsn", Self.lsn),
            databaseBackupLsn: try optional("database_backup_lsn", Self.lsn),
            differentialBaseLsn: try optional("differential_base_lsn", Self.lsn),
            differentialBaseGuid: try optional("differential_base_guid", Self.guid),
            firstRecoveryForkGuid: try optional("first_recovery_fork_guid", Self.guid),
            lastRecoveryForkGuid: try optional("last_recovery_fork_guid", Self.guid),
            forkPointLsn: try optional("fork_point_lsn", Self.lsn),
            beginsLogChain: try optional("begins_log_chain", Self.flag),
            backupStartDate: try optional("backup_start_date", Self.string),
            backupFinishDate: try optional("backup_finish_date", Self.string),
            deviceType: try optional("device_type", Self.integer),
            physicalDeviceName: try optional("physical_device_name", Self.string),
            databaseGuid: try optional("database_guid", Self.guid),
            familyGuid: try optional("family_guid", Self.guid),
            recoveryModel: try optional("recovery_model", Self.string))
    }

    /// How one column's JSON value becomes its Swift value; nil when the value is not allowed.
    struct Column<Value>: Sendable {
        let allowed: String
        let read: @Sendable (JSONNode) -> Value?
    }

    private func required<Value>(_ key: String, _ column: Column<Value>) throws(BackupHistoryError) -> Value {
        guard let node = members[key] else { throw failure("missing; allowed: \(column.allowed)", key: key) }
        guard let value = column.read(node) else {
            throw failure("found \(Self.describe(node)); allowed: \(column.allowed)", key: key, at: node)
        }
        return value
    }

    private func optional<Value>(_ key: String, _ column: Column<Value>) throws(BackupHistoryError) -> Value? {
        guard let node = members[key], node.kind != .null else { return nil }
        guard let value = column.read(node) else {
            throw failure("found \(Self.describe(node)); allowed: \(column.allowed), or null", key: key, at: node)
        }
        return value
    }

    /// Points at the value when there is one, else at the element.
    func failure(_ message: String, key: String? = nil, at node: JSONNode? = nil) -> BackupHistoryError {
        let offset = (node ?? key.flatMap { members[$0] } ?? element).offset
        let (line, column) = JSONReader.position(ofOffset: offset, in: text)
        return BackupHistoryError(
            message: message, line: line, column: column, elementIndex: index, backupSetId: backupSetId, key: key)
    }

    private static func describe(_ node: JSONNode) -> String {
        switch node.kind {
        case .string(let text): "\"\(text.count > 40 ? text.prefix(40) + "…" : text)\""
        case .number(let text): text
        case .bool(let flag): String(flag)
        default: node.kindName
        }
    }

    private static func integerText(_ node: JSONNode) -> String? {
        guard case .number(let text) = node.kind, !text.contains(where: { ".eE".contains($0) }) else { return nil }
        return text
    }

    static let integer = Column<Int>(allowed: "an integer") { node in integerText(node).flatMap { Int($0) } }

    static let string = Column<String>(allowed: "a string") { node in
        guard case .string(let text) = node.kind else { return nil }
        return text
    }

    static let name = Column<String>(allowed: "a non-empty string") { node in
        string.read(node).flatMap { $0.isEmpty ? nil : $0 }
    }

    static let kind = Column<BackupSet.Kind>(
        allowed: BackupSet.Kind.allCases.map { "\"\($0.rawValue)\" (\($0.name))" }.joined(separator: ", ")
    ) { node in string.read(node).flatMap { BackupSet.Kind(rawValue: $0) } }

    static let lsn = Column<LSN>(
        allowed: "an LSN as a numeric string or integer (40000000014400001), "
            + "or a string 40:144:1 or 00000028:00000090:0001"
    ) { node in
        switch node.kind {
        case .string(let text): LSN(parsing: text)
        case .number: integerText(node).flatMap { $0.hasPrefix("-") ? nil : LSN(parsing: $0) }
        default: nil
        }
    }

    static let flag = Column<Bool>(allowed: "true, false, 0 or 1") { node in
        switch node.kind {
        case .bool(let flag): flag
        case .number("0"): false
        case .number("1"): true
        default: nil
        }
    }

    static let guid = Column<String>(allowed: "a GUID string such as 6F9619FF-8B86-D011-B42D-00C04FC964FF") { node in
        string.read(node).flatMap { UniqueIdentifier.canonical($0) == nil ? nil : $0 }
    }
}
