import SnapWriter

/// A KVM host learns from a guest's agent only the counts it answers, so its result for a VM
/// frozen through the agent says nothing of the guest's own backup. The run knows the whole
/// world: it adds what the guest's requester did (the backup type `VssOption` gave, the SQL
/// writer's decision for each database, the error-log lines, the writers' status after it) so the reports can show it, as
/// they show what Hyper-V's integration service reports. The host's decisions never use it.
extension World {
    func addingWhatTheGuestDid(_ result: VMBackupResult) -> VMBackupResult {
        guard result.method == .guestAgentFreeze,
              let requester = vm(named: result.vm)?.agentSystem as? WindowsAgentRequester,
              let record = requester.lastBackup else { return result }
        var result = result
        result.guestBackupType = record.type
        result.writers = requester.writerStatus
        result.databases = record.databases
        result.errorLog = record.errorLog
        return result
    }
}
