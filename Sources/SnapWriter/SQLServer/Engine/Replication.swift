/// How log moves from a primary to its secondaries (reference §4; "Designing for offloaded
/// log backups in AlwaysOn Availability Groups – Part 1"). The send queue is log the primary
/// has written and a secondary has not hardened; the redo queue is log a secondary has
/// hardened and not redone.
extension SQLEngine {
    /// Whether the primary can ship log to a secondary now: both run, both are connected,
    /// and the secondary's data movement is not suspended.
    public func isLinked(_ secondary: AvailabilityReplica, in group: AvailabilityGroup) -> Bool {
        guard let primary = group.primary, secondary.role == .secondary,
            let primaryInstance = instance(named: primary.serverName),
            let secondaryInstance = instance(named: secondary.serverName)
        else { return false }
        return primary.connected && secondary.connected && primaryInstance.isRunning && secondaryInstance.isRunning
            && secondary.synchronizationState != .notSynchronizing
    }

    /// The synchronization_state a database reports on a replica: the state the scenario
    /// gave the replica, as far as its link bears it out. A secondary that receives no log
    /// is NOT SYNCHRONIZING; one that could be SYNCHRONIZED but is asynchronous-commit, or
    /// still has a backlog to harden, is SYNCHRONIZING.
    public func synchronizationState(of database: SQLDatabase, on replica: AvailabilityReplica,
                                     in group: AvailabilityGroup) -> SynchronizationState {
        guard replica.role == .secondary else { return .synchronized }
        guard isLinked(replica, in: group) else { return .notSynchronizing }
        if replica.synchronizationState == .synchronized,
            replica.availabilityMode == .asynchronousCommit || database.progress.hardened < database.log.bytesWritten
        {
            return .synchronizing
        }
        return replica.synchronizationState
    }

    /// A synchronous-commit secondary that is SYNCHRONIZED hardens each transaction before
    /// it commits, so it has no send queue once it has caught up; any other linked
    /// secondary receives log at its send rate. Redo goes on at the redo rate while data movement is not suspended, never
    /// closer to the end than the replica's redo lag.
    func replicate(over elapsed: Duration) {
        let seconds = elapsed.milliseconds / 1000
        for group in groups {
            guard let primary = group.primary, let source = instance(named: primary.serverName) else { continue }
            for secondary in group.secondaries {
                guard let target = instance(named: secondary.serverName) else { continue }
                let linked = isLinked(secondary, in: group)
                let hardensAtCommit = secondary.availabilityMode == .synchronousCommit
                    && secondary.synchronizationState == .synchronized
                for name in group.databases {
                    guard let primaryCopy = source.database(named: name), let copy = target.database(named: name)
                    else { continue }
                    let end = primaryCopy.log.bytesWritten
                    var progress = copy.progress
                    if linked {
                        // Until a backlog left by a cut link is shipped, even a synchronous
                        // replica receives at its send rate.
                        let caughtUp = progress.hardened >= primaryCopy.log.offset(atTime: clock.now - elapsed)
                        progress.hardened = hardensAtCommit && caughtUp
                            ? end : min(end, progress.hardened + Self.bytes(secondary.logSendRateKBps, seconds))
                    }
                    if target.isRunning, secondary.synchronizationState != .notSynchronizing {
                        let reachable = min(progress.hardened, primaryCopy.log.offset(atTime: clock.now - secondary.redoLag))
                        let redone = min(reachable, progress.redone + Self.bytes(secondary.redoRateKBps, seconds))
                        progress.redone = max(progress.redone, redone)
                    }
                    copy.progress = progress
                }
            }
        }
    }

    static func bytes(_ kilobytesPerSecond: Double, _ seconds: Double) -> UInt64 {
        UInt64(max(0, kilobytesPerSecond * 1024 * seconds))
    }
}
