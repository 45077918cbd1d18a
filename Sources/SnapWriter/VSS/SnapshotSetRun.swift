/// The inside of DoSnapshotSet, in the order VSS runs it. A failure or timeout in Freeze
/// or Thaw (or past a writer's freeze window) aborts the set and sends Abort to every
/// writer; a failure in PrepareForSnapshot or PostSnapshot only fails that writer.
///
/// It runs in two halves around the provider's CommitSnapshots, where writes are held:
/// `begin` (PrepareForSnapshot, Freeze, flush, hold) and `finish` (commit, release, Thaw,
/// PostSnapshot). Windows' software provider commits at once, so `run` does both in one
/// go; a provider that waits inside CommitSnapshots for its requester (the QEMU guest
/// agent's) lets the requester answer in between, and `finish` measures the hold on the
/// clock when the requester comes back.
struct SnapshotSetRun {
    let coordinator: VSSCoordinator
    let components: BackupComponents

    /// Writes held on the set's volumes, since `since` on the run's clock.
    struct Hold {
        let since: Duration
    }

    enum Begun {
        case holding(Hold)
        case ended(SnapshotSetOutcome)
    }

    private var log: EventLog { coordinator.log }
    private var clock: SimulationClock { coordinator.clock }
    private var scope: String { "\(coordinator.scope)/VSS" }
    private var provider: ShadowCopyProvider { components.provider }
    private var volumes: [Volume] { components.volumesInSet.compactMap { coordinator.volume(named: $0) } }

    func run() -> SnapshotSetOutcome {
        switch begin() {
        case .ended(let outcome): return outcome
        case .holding(let hold): return finish(hold)
        }
    }

    /// PrepareForSnapshot, Freeze, flush, hold: up to the provider's CommitSnapshots.
    func begin() -> Begun {
        for registration in components.activeParticipants {
            coordinator.deliver(.prepareSnapshot, to: registration, limit: coordinator.timeouts.writerResponse,
                                context: components.context(for: registration))
        }
        log.record(scope, "EndPrepareSnapshots", provider.name)

        if let failure = freeze() { return .ended(abandon(failure, reason: "a writer failed Freeze")) }
        log.record(scope, "PreCommitSnapshots", provider.name)

        let timeouts = coordinator.timeouts
        var flushTime = Duration.zero
        for volume in volumes { flushTime += volume.flush() }
        if flushTime > timeouts.flushWrites {
            clock.advance(by: timeouts.flushWrites)
            log.record(scope, "FlushWritesTimedOut", "flushing took longer than \(timeouts.flushWrites)")
            return .ended(abandon(.flushWritesTimeout, reason: HResult.flushWritesTimeout.name))
        }
        clock.advance(by: flushTime)
        for volume in volumes { volume.holdWrites() }
        log.record(scope, "HoldWrites", components.volumesInSet.joined(separator: ", "))
        return .holding(Hold(since: clock.now))
    }

    /// The provider's commit, release, Thaw, PostSnapshot.
    func finish(_ hold: Hold) -> SnapshotSetOutcome {
        let committed = provider.makesShadowCopies ? commit() : returnFromWait(hold)
        guard case .success(let snapshots) = committed else {
            if case .failure(let code) = committed { return abandon(code, reason: code.name) }
            return .failed(.unexpected)
        }
        log.record(scope, "PostCommitSnapshots", provider.name)

        if let failure = thaw() {
            for snapshot in snapshots { coordinator.volume(named: snapshot.volumeName)?.deleteSnapshot(id: snapshot.id) }
            return abandon(failure, reason: "a writer failed Thaw")
        }
        for registration in components.activeParticipants {
            coordinator.deliver(.postSnapshot, to: registration, limit: coordinator.timeouts.writerResponse,
                                context: components.context(for: registration))
        }
        return .created(snapshots)
    }

    /// Freeze in order of application level, front-end first. Returns the failing code.
    private func freeze() -> HResult? {
        let ordered = components.activeParticipants.enumerated()
            .sorted { ($0.element.writer.identity.level, -$0.offset) > ($1.element.writer.identity.level, -$1.offset) }
            .map(\.element)
        for registration in ordered {
            let window = registration.writer.identity.freezeWindow
            registration.frozenAt = clock.now
            let result = coordinator.deliver(.freeze, to: registration, limit: window,
                                             context: components.context(for: registration))
            if case .failed(let code) = result { return code }
            if let expired = expireFreezeWindows() { return expired }
        }
        return nil
    }

    /// A frozen writer that has not seen Thaw within its window times out and fails at Freeze.
    private func expireFreezeWindows() -> HResult? {
        var expiredCode: HResult?
        for registration in components.activeParticipants {
            guard let frozenAt = registration.frozenAt else { continue }
            let window = registration.writer.identity.freezeWindow
            if clock.now - frozenAt > window {
                coordinator.fail(registration, state: .failedAtFreeze, code: .writerErrorTimeout, during: .freeze)
                expiredCode = .writerErrorTimeout
            }
        }
        return expiredCode
    }

    private enum CommitResult {
        case success([VolumeSnapshot])
        case failure(HResult)
    }

    /// Windows' software provider commits while writes are held, then VSS releases them. The
    /// hold may last at most the hold limit (10 s on Windows).
    private func commit() -> CommitResult {
        let timeouts = coordinator.timeouts
        let commitTime = provider.commitDuration()
        if commitTime > timeouts.holdWrites {
            clock.advance(by: timeouts.holdWrites)
            for volume in volumes { volume.releaseWrites() }
            log.record(scope, "HoldWritesTimedOut",
                       "the provider did not commit within \(timeouts.holdWrites.milliseconds) ms; writes released")
            return .failure(.holdWritesTimeout)
        }
        clock.advance(by: commitTime)
        var snapshots: [VolumeSnapshot] = []
        for (volume, snapshotId) in zip(volumes, components.snapshotIdsInSet) {
            // The id announced at AddToSnapshotSet; the draw keeps the generator where it was.
            _ = coordinator.random.guid()
            do {
                snapshots.append(try volume.createSnapshot(id: snapshotId))
            } catch {
                for volume in volumes { volume.releaseWrites() }
                for made in snapshots { coordinator.volume(named: made.volumeName)?.deleteSnapshot(id: made.id) }
                log.record(scope, "CommitSnapshotsFailed", error.description)
                return .failure(.maxSnapshotsReached)
            }
            log.record(scope, "CommitSnapshots", "\(volume.name) shadow copy \(snapshotId)")
        }
        for volume in volumes { volume.releaseWrites() }
        log.record(scope, "ReleaseWrites", "held \(commitTime.milliseconds) ms")
        if let expired = expireFreezeWindows() { return .failure(expired) }
        return .success(snapshots)
    }

    /// A provider that waited in CommitSnapshots for its requester returns with no shadow
    /// copy. VSS's kernel support cancels a hold longer than the limit whoever holds it, so
    /// a requester that came back late finds the set failed with VSS_E_HOLD_WRITES_TIMEOUT,
    /// and writers whose freeze window ran out meanwhile failed at Freeze.
    private func returnFromWait(_ hold: Hold) -> CommitResult {
        let limit = coordinator.timeouts.holdWrites
        let held = clock.now - hold.since
        for volume in volumes { volume.releaseWrites() }
        if held > limit {
            _ = expireFreezeWindows()
            log.record(scope, "HoldWritesTimedOut",
                       "writes were held \(Int(held.milliseconds)) ms, past the \(Int(limit.milliseconds)) ms limit; released")
            return .failure(.holdWritesTimeout)
        }
        log.record(scope, "CommitSnapshots", "\(provider.name) makes no shadow copy of \(components.volumesInSet.joined(separator: ", "))")
        log.record(scope, "ReleaseWrites", "held \(Int(held.milliseconds)) ms")
        if let expired = expireFreezeWindows() { return .failure(expired) }
        return .success([])
    }

    /// Thaw every frozen writer, within what is left of its freeze window when Thaw is sent.
    /// VSS sends Thaw to its writers together; here they answer one after another (F13), so
    /// the time an earlier writer takes (one that hangs in Thaw, say) is not counted against
    /// the others' windows: they answer at once, as they would on Windows.
    private func thaw() -> HResult? {
        var failure: HResult?
        let sent = clock.now
        for registration in components.activeParticipants {
            guard let frozenAt = registration.frozenAt else { continue }
            let remaining = registration.writer.identity.freezeWindow - (sent - frozenAt)
            let result = coordinator.deliver(.thaw, to: registration, limit: remaining,
                                             context: components.context(for: registration))
            registration.frozenAt = nil
            if case .failed(let code) = result, failure == nil { failure = code }
        }
        return failure
    }

    private func abandon(_ code: HResult, reason: String) -> SnapshotSetOutcome {
        log.record(scope, "SnapshotSetFailed", "\(code.name) (\(code.hex)): \(reason)")
        coordinator.abortAll(reason: reason)
        return .failed(code)
    }
}
