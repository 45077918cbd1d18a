/// Why a backup history cannot be used: where (line and column, the array element and its
/// backup_set_id, the key — each when known) and a message that ends with what is allowed.
public struct BackupHistoryError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int?
    public var column: Int?
    /// The element's index in the JSON array, counted from 0 as jq and JSON Pointer count.
    public var elementIndex: Int?
    public var backupSetId: Int?
    public var key: String?
    public var message: String

    public init(
        message: String, line: Int? = nil, column: Int? = nil, elementIndex: Int? = nil,
        backupSetId: Int? = nil, key: String? = nil
    ) {
        self.message = message
        self.line = line
        self.column = column
        self.elementIndex = elementIndex
        self.backupSetId = backupSetId
        self.key = key
    }

    /// `line 12, column 20: element 2 (backup_set_id 17), key "first_lsn": …`
    public var description: String {
        var location: [String] = []
        if let line, let column { location.append("line \(line), column \(column)") }
        var element: [String] = []
        if let elementIndex { element.append("element \(elementIndex)") }
        if let backupSetId { element.append(elementIndex == nil ? "backup_set_id \(backupSetId)" : "(backup_set_id \(backupSetId))") }
        if !element.isEmpty { location.append(element.joined(separator: " ")) }
        var text = location.joined(separator: ": ")
        if let key { text += (text.isEmpty ? "" : ", ") + "key \"\(key)\"" }
        return text.isEmpty ? message : text + ": " + message
    }
}
