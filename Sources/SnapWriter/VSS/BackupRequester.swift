/// A requester's whole backup, the way a well-behaved one runs it: metadata, set, prepare,
/// check for vetoes, snapshot, check again, copy, complete, release. Used by the guest's
/// backup integration service and by the host requestor alike.
public struct BackupRequester {
    public struct Outcome {
        public var succeeded: Bool { failure == nil && hresult == nil && !requesterDied && !machineStopped }
        /// The writer whose failure ended the backup, when one did.
        public var failure: WriterFailureRecord?
        /// The code the backup failed with: the writer's, or a requester call's.
        public var hresult: HResult?
        public var snapshotSetId: String?
        public var writerStatus: [WriterStatus] = []
        /// The requester went away before ending the backup (`diesAfter`).
        public var requesterDied = false
        /// The machine stopped during the backup.
        public var machineStopped = false
    }

    public let coordinator: VSSCoordinator
    public let name: String

    public init(coordinator: VSSCoordinator, name: String) {
        self.coordinator = coordinator
        self.name = name
    }

    /// Runs the backup of `volumes` asking writers for `type`. `copy` runs while the
    /// shadow copies exist, before BackupComplete. With `diesAfter` the requester's process
    /// ends once the call that sends that event returns (GatherWriterMetadata for identify,
    /// PrepareForBackup, DoSnapshotSet for post-snapshot): VSS aborts a prepared backup whose
    /// set was not made, drops the shadow copies, and sends BackupShutdown, never BackupComplete.
    /// `backupOptions` are set per writer name once metadata is gathered; `onEvent` is told of
    /// each event of this backup just before a writer receives it.
    public func run(type: BackupType, volumes: [String], diesAfter: WriterEvent? = nil,
                    backupOptions: [String: any WriterBackupOptions] = [:],
                    onEvent: ((WriterEvent) -> Void)? = nil,
                    copy: ([VolumeSnapshot]) -> Void = { _ in }) -> Outcome {
        let failuresBefore = coordinator.failures.count
        let components = coordinator.makeBackupComponents(observer: onEvent)
        var outcome = Outcome()
        defer { components.release(requesterDied: outcome.requesterDied) }

        func newFailure() -> WriterFailureRecord? {
            // A writer that failed Identify vanished from metadata: the requester never hears of it.
            coordinator.failures.dropFirst(failuresBefore).first { $0.event != .identify }
        }
        func staleFailure() -> WriterFailureRecord? {
            guard let status = components.gatherWriterStatus().first(where: { $0.state.isFailed }) else { return nil }
            return WriterFailureRecord(writer: status.name, event: status.state.failedEvent ?? .identify,
                                       hresult: status.lastError, state: status.state)
        }
        func died(after event: WriterEvent) -> Outcome? {
            if coordinator.isPoweredOff {
                components.deleteSnapshots()
                outcome.machineStopped = true
                return finish(nil, code: .writerNotResponding)
            }
            guard diesAfter == event else { return nil }
            coordinator.log.record("\(coordinator.scope)/VSS", "RequesterDied",
                                   "\(name) went away after \(event.traceName) without ending the backup")
            if event == .prepareBackup { try? components.abortBackup() }
            components.deleteSnapshots()
            outcome.requesterDied = true
            // BackupShutdown now, so the status the outcome reports is what writers say after it.
            components.release(requesterDied: true)
            return finish(nil, code: nil)
        }
        func finish(_ failure: WriterFailureRecord?, code: HResult? = nil) -> Outcome {
            outcome.failure = failure
            outcome.hresult = code ?? failure?.hresult
            outcome.writerStatus = coordinator.writerStatus
            return outcome
        }

        do {
            try components.initializeForBackup()
            try components.setContext(.backup)
            try components.setBackupState(type)
            try components.gatherWriterMetadata()
            if let gone = died(after: .identify) { return gone }
            for (writer, options) in backupOptions { try components.setBackupOptions(options, forWriter: writer) }
            outcome.snapshotSetId = try components.startSnapshotSet()
            for volume in volumes { try components.addToSnapshotSet(volume: volume) }
            try components.prepareForBackup()
            if let gone = died(after: .prepareBackup) { return gone }
            if let failure = newFailure() ?? staleFailure() {
                try components.abortBackup()
                return finish(failure)
            }
            let result = try components.doSnapshotSet()
            if let gone = died(after: .postSnapshot) { return gone }
            if case .failed(let code) = result {
                return finish(newFailure(), code: newFailure()?.hresult ?? code)
            }
            if let failure = newFailure() ?? staleFailure() {
                components.deleteSnapshots()
                return finish(failure)
            }
            copy(components.snapshots)
            let completion = try components.backupComplete()
            if coordinator.isPoweredOff { return died(after: .backupComplete)! }
            components.deleteSnapshots()
            if completion != .ok { return finish(newFailure(), code: completion) }
            return finish(nil)
        } catch {
            coordinator.log.record("\(coordinator.scope)/VSS", "RequesterCallFailed", error.description)
            components.deleteSnapshots()
            return finish(nil, code: error.hresult)
        }
    }
}
