/// A native BACKUP statement: BACKUP DATABASE (full or WITH DIFFERENTIAL) or BACKUP LOG,
/// with or without COPY_ONLY.
public struct BackupRequest: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case full, differential, log
    }

    public var database: String
    public var kind: Kind
    public var copyOnly: Bool
    /// Issued inside BEGIN TRANSACTION, which SQL Server refuses (Msg 3021).
    public var insideTransaction: Bool

    public init(database: String, kind: Kind, copyOnly: Bool = false, insideTransaction: Bool = false) {
        self.database = database
        self.kind = kind
        self.copyOnly = copyOnly
        self.insideTransaction = insideTransaction
    }

    public var statement: BackupErrors.Statement { kind == .log ? .backupLog : .backupDatabase }

    /// A data backup (full or differential): one at a time per database and instance.
    var isDataBackup: Bool { kind != .log }

    /// `BACKUP LOG [Sales] TO DISK = N'…' WITH COPY_ONLY`
    func tsql(device: String) -> String {
        var options: [String] = []
        if kind == .differential { options.append("DIFFERENTIAL") }
        if copyOnly { options.append("COPY_ONLY") }
        let with = options.isEmpty ? "" : " WITH " + options.joined(separator: ", ")
        return "\(statement.rawValue) \(RestoreStatement.quotedName(database)) TO DISK = N'\(device)'\(with)"
    }
}
