/// What a guest's requester reports of one backup it ran: the requester's outcome, the
/// writers as GatherWriterStatus last saw them, the components (databases) and what the
/// SQL writer did with each, and the lines SQL Server wrote to its error log meanwhile.
public struct GuestBackupReport {
    public var outcome: BackupRequester.Outcome
    /// Writers that failed Identify and vanished from the guest's metadata.
    public var missingWriters: [WriterStatus]
    public var databases: [DatabaseBackupResult]
    public var errorLog: [String]
    /// The failed writer's own message, when it gave one (the SQL writer says why it refused).
    public var failureMessage: String?

    public var writerStatus: [WriterStatus] { outcome.writerStatus }
}
