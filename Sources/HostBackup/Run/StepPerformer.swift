import SnapWriter

/// What each kind of step does to a live world: one switch, shared by a run's steps and
/// `serve`'s requests, so a step means the same wherever it comes from.
struct StepPerformer {
    let scenario: Scenario
    let world: World
    let repository: BackupRepository?

    /// `backupType` is what a host backup asks for: a request's own, or nil for each host's
    /// own `backupType`.
    func perform(_ step: Step, index: Int, backupType: BackupType? = nil) -> StepResult {
        switch step.kind {
        case .hostBackup(let name):
            var result = StepResult(index: index, kind: step.keyword, vm: nil, ok: true)
            for host in name.flatMap(world.host(named:)).map({ [$0] }) ?? world.hosts {
                let type = backupType ?? scenario.host(named: host.name)?.backupType ?? .full
                var backup = host.backUp(type: type, repository: repository,
                                         faults: world.hostFaults, repositoryFaults: world.repositoryFaults)
                backup.vms = backup.vms.map(world.addingWhatTheGuestDid)
                result.ok = result.ok && backup.succeeded
                result.hostBackups.append(backup)
            }
            return result
        case .restartService(let vmName, let service):
            let result = StepResult(index: index, kind: step.keyword, vm: vmName, ok: true)
            let coordinator = world.vm(named: vmName)?.vss ?? world.host.vss
            for writer in GuestService(rawValue: service)?.hostedWriters ?? [] {
                _ = coordinator.restartService(ofWriter: writer.name)
            }
            return result
        case .workload(let seconds):
            world.runWorkload(for: .milliseconds(Int64(seconds * 1000)))
            world.log.record(scenario.host.name, "Workload", "\(seconds) s at \(scenario.workload.transactionsPerSecond) tps")
            return StepResult(index: index, kind: step.keyword, vm: nil, ok: true)
        case .backup(let backup):
            return NativeBackupStep(backup: backup, world: world).perform(index: index)
        case .recoveryModel(let vm, let database, let model):
            var result = StepResult(index: index, kind: step.keyword, vm: vm, ok: true)
            if let error = world.engine.setRecoveryModel(model, of: database, on: vm) { result.fail(error) }
            return result
        case .replica(let change):
            world.engine.changeReplica(change.vm, of: change.ag, synchronizationState: change.synchronizationState,
                                       connected: change.connected, redoLagSeconds: change.redoLagSeconds)
            return StepResult(index: index, kind: step.keyword, vm: change.vm, ok: true)
        case .failover(let ag, let target):
            var result = StepResult(index: index, kind: step.keyword, vm: target, ok: true)
            if case .failure(let refusal) = world.engine.failover(ag, to: target) {
                result.ok = false
                result.text = refusal.text
            }
            return result
        case .corruptPage(let vm, let database, let page):
            return IntegrityStep(world: world).corruptPage(page, of: database, on: vm, index: index)
        case .checkdb(let vm, let database):
            return IntegrityStep(world: world).checkdb(database, on: vm, index: index)
        case .patchSql(let patch):
            return PatchStep(patch: patch, world: world).perform(index: index)
        case .setVssOption(let vmName, let value):
            // The guest's administrator sets the registry value; the agent reads it at its next freeze.
            let requester = world.vm(named: vmName)?.agentSystem as? WindowsAgentRequester
            requester?.vssOption = value
            world.log.record(world.vm(named: vmName)?.vss.scope ?? vmName, "VssOptionSet",
                             "HKLM\\SYSTEM\\CurrentControlSet\\Services\\QEMU Guest Agent VSS Provider\\VssOption = \(value) ("
                                 + "\(WindowsAgentRequester.backupType(vssOption: value).name) at the next freeze)")
            return StepResult(index: index, kind: step.keyword, vm: vmName, ok: requester != nil)
        }
    }
}
