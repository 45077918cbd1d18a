/// A planned manual failover (ALTER AVAILABILITY GROUP … FAILOVER) run on the target.
extension SQLEngine {
    /// Why a failover was refused, in SnapWriter's words: SQL Server's own message for a
    /// refused planned failover is not in the reference.
    public struct FailoverRefusal: Error, Equatable, Sendable {
        public let text: String
    }

    /// Makes `serverName` the primary of the group, without data loss: the target must be a
    /// connected synchronous-commit secondary that is SYNCHRONIZED, as a planned failover
    /// requires; a forced failover (with data loss) is not modelled. The target first
    /// redoes its redo queue, during which the group takes no writes.
    public func failover(_ groupName: String, to serverName: String) -> Result<Void, FailoverRefusal> {
        guard let group = group(named: groupName), let target = group.replica(on: serverName),
            let targetInstance = instance(named: serverName)
        else { preconditionFailure("a validated scenario names only replicas that exist") }
        guard let oldPrimary = group.primary, let oldInstance = instance(named: oldPrimary.serverName) else {
            return .failure(FailoverRefusal(text: "\(group.name) has no primary replica to fail over from."))
        }
        record(targetInstance, "FailoverRequested", "ALTER AVAILABILITY GROUP [\(group.name)] FAILOVER on \(serverName)")
        if let reason = refusal(group: group, target: target, instance: targetInstance) {
            let refusal = FailoverRefusal(text: "Cannot fail \(group.name) over to \(serverName) without data loss: "
                + reason + ". A planned failover needs a connected synchronous-commit secondary whose databases are "
                + "SYNCHRONIZED; SnapWriter does not model forced failover (FORCE_FAILOVER_ALLOW_DATA_LOSS).")
            record(targetInstance, "FailoverRefused", refusal.text)
            return .failure(refusal)
        }
        let recovery = group.databases.compactMap { name in
            targetInstance.database(named: name).map { redoTime(of: $0, at: target.redoRateKBps) }
        }.max() ?? .zero
        clock.advance(by: recovery)
        for name in group.databases {
            targetInstance.database(named: name).map { $0.progress = .caughtUp(with: $0.log) }
            oldInstance.database(named: name).map { $0.progress = .caughtUp(with: $0.log) }
        }
        oldPrimary.role = .secondary
        oldPrimary.synchronizationState = oldPrimary.availabilityMode == .synchronousCommit ? .synchronized : .synchronizing
        target.role = .primary
        target.synchronizationState = .synchronized
        record(targetInstance, "FailoverCompleted",
               "\(group.name): \(serverName) is primary, \(oldPrimary.serverName) secondary, after "
                   + "\(Self.seconds(recovery.milliseconds / 1000)) s of redo")
        return .success(())
    }

    private func refusal(group: AvailabilityGroup, target: AvailabilityReplica, instance: SQLInstance) -> String? {
        if target.role == .primary { return "\(target.serverName) is already the primary replica" }
        if !instance.isRunning { return "\(target.serverName) is not running" }
        if !target.connected { return "\(target.serverName) is not connected" }
        if target.availabilityMode != .synchronousCommit {
            return "\(target.serverName) uses asynchronous-commit mode"
        }
        for name in group.databases {
            guard let database = instance.database(named: name) else { continue }
            let state = synchronizationState(of: database, on: target, in: group)
            if state != .synchronized { return "its database \(name) is \(state.sqlName), not SYNCHRONIZED" }
        }
        return nil
    }

    /// How long a replica takes to redo what it has hardened: redo queue / redo rate.
    func redoTime(of database: SQLDatabase, at kilobytesPerSecond: Double) -> Duration {
        let queue = Double(database.progress.hardened - min(database.progress.hardened, database.progress.redone))
        guard queue > 0, kilobytesPerSecond > 0 else { return .zero }
        return .milliseconds(Int64((queue / 1024 / kilobytesPerSecond * 1000).rounded(.up)))
    }
}
