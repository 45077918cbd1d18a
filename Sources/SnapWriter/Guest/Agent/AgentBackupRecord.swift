/// What the agent's VSS requester did inside a Windows guest at its last freeze and thaw:
/// the backup type `VssOption` gave, what the SQL writer did with each database, and the
/// lines SQL Server wrote to its error log meanwhile. The agent answers its caller with
/// counts only, so a KVM host never learns this; a run's results take it from the guest, so
/// a report can say what the guest did with the host's freeze.
public struct AgentBackupRecord: Sendable {
    public var type: BackupType
    public var databases: [DatabaseBackupResult]
    public var errorLog: [String]
}
