extension BackupSet.Kind {
    /// How people name the backup type, as SSMS and the documentation do.
    public var name: String {
        switch self {
        case .database: "full"
        case .differential: "differential"
        case .log: "log"
        case .file: "file"
        case .fileDifferential: "file differential"
        case .partial: "partial"
        case .partialDifferential: "partial differential"
        }
    }
}
