/// IVssBackupComponents: one requester's backup, call by call. Calls out of order return
/// VSS_E_BAD_STATE; the writer events each call triggers go through the coordinator.
public final class BackupComponents {
    enum Phase: Int, Comparable {
        case created, initialized, metadataGathered, setStarted, preparedForBackup, snapshotHeld, snapshotDone, completed,
            ended
        static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public enum Context: String, Sendable {
        case backup = "VSS_CTX_BACKUP"
        case appRollback = "VSS_CTX_APP_ROLLBACK"
        case fileShareBackup = "VSS_CTX_FILE_SHARE_BACKUP"
        case noWritersVolumeSnapshot = "VSS_CTX_NAS_ROLLBACK"
        case clientAccessible = "VSS_CTX_CLIENT_ACCESSIBLE"

        /// Writers take part only in BACKUP and APP_ROLLBACK contexts.
        var involvesWriters: Bool { self == .backup || self == .appRollback }
    }

    /// The most volumes one snapshot set may hold.
    public static let maxVolumesPerSet = 64

    private let coordinator: VSSCoordinator
    private var phase = Phase.created
    private var context = Context.backup
    public private(set) var backupType: BackupType = .undefined
    public private(set) var snapshotSetId: String?
    public private(set) var volumesInSet: [String] = []
    /// The shadow copy id AddToSnapshotSet returned for each volume of `volumesInSet`.
    private(set) var snapshotIdsInSet: [String] = []
    public private(set) var snapshots: [VolumeSnapshot] = []
    private var ownsSnapshotSet = false
    /// The provider the set's volumes were added with: Windows' own unless AddToSnapshotSet
    /// named another.
    public private(set) var provider: ShadowCopyProvider
    /// Writes held inside DoSnapshotSet, between `beginSnapshotSet` and `finishSnapshotSet`.
    private var hold: SnapshotSetRun.Hold?
    private var released = false
    private var readCachedMetadataOnly = false
    private let observer: ((WriterEvent) -> Void)?
    /// SetBackupOptions, by writer name.
    private var backupOptions: [String: any WriterBackupOptions] = [:]
    /// DisableWriterClasses: the writer ids this backup leaves out entirely.
    public private(set) var disabledWriterIds: Set<String> = []

    init(coordinator: VSSCoordinator, observer: ((WriterEvent) -> Void)?) {
        self.coordinator = coordinator
        self.observer = observer
        provider = coordinator.provider
    }

    private var requesterScope: String { "\(coordinator.scope)/VSS" }
    private var log: EventLog { coordinator.log }
    private var clock: SimulationClock { coordinator.clock }

    private func require(_ expected: Phase, _ call: String) throws(VSSError) {
        guard phase == expected else {
            throw VSSError(.badState, call: call, "called out of order (the backup is at \(phase))")
        }
    }

    public func initializeForBackup() throws(VSSError) {
        try require(.created, "InitializeForBackup")
        phase = .initialized
        log.record(requesterScope, "InitializeForBackup")
    }

    /// `attributes`: the VSS_VOLUME_SNAPSHOT_ATTRIBUTES a requester ORs into the context
    /// (the QEMU guest agent's transportable, no-auto-recovery, TxF-recovery set); they
    /// change what this emulation does with the set in no way, and are traced as given.
    public func setContext(_ context: Context, attributes: UInt32? = nil) throws(VSSError) {
        try require(.initialized, "SetContext")
        self.context = context
        log.record(requesterScope, "SetContext", context.rawValue + (attributes.map { " " + Self.hex($0) } ?? ""))
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    public func setBackupState(_ type: BackupType) throws(VSSError) {
        try require(.initialized, "SetBackupState")
        backupType = type
        log.record(requesterScope, "SetBackupState", type.name)
    }

    private var participants: [VSSCoordinator.Registration] {
        guard context.involvesWriters else { return [] }
        return coordinator.registrations.filter { !disabledWriterIds.contains($0.writer.identity.writerId) }
    }

    /// DisableWriterClasses: the writers of these classes (ids as `{guid}`) receive no event of
    /// this backup, Identify included; allowed before GatherWriterMetadata.
    public func disableWriterClasses(_ writerIds: Set<String>) throws(VSSError) {
        try require(.initialized, "DisableWriterClasses")
        disabledWriterIds.formUnion(writerIds.map { $0.lowercased() })
        log.record(requesterScope, "DisableWriterClasses", writerIds.sorted().joined(separator: ", "))
    }

    private func eventContext(_ registration: VSSCoordinator.Registration) -> WriterEventContext {
        var context = coordinator.context(for: registration, backupType: backupType, setId: snapshotSetId,
                                          volumes: volumesInSet)
        context.backupOptions = backupOptions[registration.writer.identity.name]
        context.observer = observer
        return context
    }

    /// SetBackupOptions: private parameters for one writer, which it reads with the events
    /// of this backup. Allowed once metadata is gathered and before PrepareForBackup.
    public func setBackupOptions(_ options: any WriterBackupOptions, forWriter name: String) throws(VSSError) {
        guard phase == .metadataGathered || phase == .setStarted else {
            throw VSSError(.badState, call: "SetBackupOptions", "called out of order (the backup is at \(phase))")
        }
        backupOptions[name] = options
    }

    /// Identify to every writer: each backup session asks every writer afresh. A writer whose
    /// last session ended in a veto starts again from stable; one whose failure sticks (it
    /// stopped answering, or a dead requester abandoned its session) does not take part until
    /// its service restarts. A writer failing Identify vanishes from metadata and status.
    @discardableResult
    public func gatherWriterMetadata() throws(VSSError) -> [WriterStatus] {
        try require(.initialized, "GatherWriterMetadata")
        log.record(requesterScope, "GatherWriterMetadata")
        for registration in participants {
            if registration.status.state.isFailed, !registration.failureSticks {
                coordinator.setState(registration, .stable, cause: .clearedForNewBackup)
                registration.status.lastError = .ok
                registration.status.inMetadata = true
            }
            guard !registration.status.state.isFailed else {
                log.record(coordinator.writerScope(registration), "StillFailed",
                           "\(registration.status.state.name), \(registration.status.lastError.name): "
                               + "restart its service to clear it")
                registration.active = false
                continue
            }
            registration.active = true
            let result = coordinator.deliver(.identify, to: registration, limit: coordinator.timeouts.writerResponse,
                                             context: eventContext(registration))
            if result != .succeeded { registration.status.inMetadata = false }
        }
        phase = .metadataGathered
        return coordinator.writerStatus
    }

    /// GatherWriterMetadata for a requester that starts while another backup is under way:
    /// the writers' metadata comes from what they already gave, and no writer receives
    /// Identify, which would disturb the backup in progress.
    public func gatherCachedWriterMetadata() throws(VSSError) {
        try require(.initialized, "GatherWriterMetadata")
        log.record(requesterScope, "GatherWriterMetadata", "cached: another backup is under way")
        readCachedMetadataOnly = true
        phase = .metadataGathered
    }

    public func startSnapshotSet() throws(VSSError) -> String {
        guard phase == .metadataGathered else {
            throw VSSError(.badState, call: "StartSnapshotSet", "called out of order (the backup is at \(phase))")
        }
        guard !coordinator.snapshotSetInProgress else {
            throw VSSError(.snapshotSetInProgress, call: "StartSnapshotSet",
                           "another snapshot set is already being created on \(coordinator.scope)")
        }
        coordinator.snapshotSetInProgress = true
        ownsSnapshotSet = true
        let id = coordinator.random.guid()
        snapshotSetId = id
        phase = .setStarted
        log.record(requesterScope, "StartSnapshotSet", id)
        return id
    }

    /// Returns the id the volume's shadow copy will have once the set is made, as VSS does.
    /// `providerId`: the provider to make it (nil: Windows' own); one set has one provider here.
    @discardableResult
    public func addToSnapshotSet(volume name: String, providerId: String? = nil) throws(VSSError) -> String {
        try require(.setStarted, "AddToSnapshotSet")
        guard coordinator.volume(named: name) != nil else {
            throw VSSError(.objectNotFound, call: "AddToSnapshotSet", "no volume \(name) on \(coordinator.scope)")
        }
        if let providerId {
            guard let named = coordinator.provider(id: providerId) else {
                throw VSSError(.providerNotRegistered, call: "AddToSnapshotSet",
                               "no provider \(providerId) is registered on \(coordinator.scope)")
            }
            provider = named
        }
        guard volumesInSet.count < Self.maxVolumesPerSet else {
            throw VSSError(.maxVolumesReached, call: "AddToSnapshotSet",
                           "a snapshot set holds at most \(Self.maxVolumesPerSet) volumes")
        }
        if let index = volumesInSet.firstIndex(of: name) { return snapshotIdsInSet[index] }
        // The id the commit will draw for this volume: the machine's generator draws nothing
        // else between a set's AddToSnapshotSet calls and its commit, so announcing the id now
        // changes no other id a run draws.
        var ahead = coordinator.random
        for _ in volumesInSet { _ = ahead.guid() }
        let snapshotId = ahead.guid()
        volumesInSet.append(name)
        snapshotIdsInSet.append(snapshotId)
        log.record(requesterScope, "AddToSnapshotSet", name)
        return snapshotId
    }

    public func prepareForBackup() throws(VSSError) {
        try require(.setStarted, "PrepareForBackup")
        log.record(requesterScope, "PrepareForBackup")
        for registration in participants where registration.active {
            coordinator.deliver(.prepareBackup, to: registration, limit: coordinator.timeouts.writerResponse,
                                context: eventContext(registration))
        }
        phase = .preparedForBackup
    }

    /// The writers' status as the requester reads it (VSS_E_WRITERERROR_* only come this way).
    public func gatherWriterStatus() -> [WriterStatus] {
        log.record(requesterScope, "GatherWriterStatus")
        return coordinator.writerStatus
    }

    /// PrepareForSnapshot, Freeze (front-end, back-end, system), flush and hold, commit,
    /// release, Thaw, PostSnapshot.
    @discardableResult
    public func doSnapshotSet() throws(VSSError) -> SnapshotSetOutcome {
        try require(.preparedForBackup, "DoSnapshotSet")
        log.record(requesterScope, "DoSnapshotSet", snapshotSetId ?? "")
        let outcome = SnapshotSetRun(coordinator: coordinator, components: self).run()
        snapshots = outcome.snapshots
        phase = .snapshotDone
        return outcome
    }

    /// DoSnapshotSet up to the provider's CommitSnapshots, for a provider that waits there
    /// for its requester: PrepareForSnapshot, Freeze, flush and hold. Returns nil while
    /// writes are held (the requester then calls `finishSnapshotSet`), or how the set ended
    /// before the hold.
    public func beginSnapshotSet() throws(VSSError) -> SnapshotSetOutcome? {
        try require(.preparedForBackup, "DoSnapshotSet")
        log.record(requesterScope, "DoSnapshotSet", snapshotSetId ?? "")
        switch SnapshotSetRun(coordinator: coordinator, components: self).begin() {
        case .holding(let hold):
            self.hold = hold
            phase = .snapshotHeld
            return nil
        case .ended(let outcome):
            snapshots = outcome.snapshots
            phase = .snapshotDone
            return outcome
        }
    }

    /// The provider's CommitSnapshots returns: commit, release, Thaw, PostSnapshot. The hold
    /// is measured from `beginSnapshotSet` on the clock.
    public func finishSnapshotSet() throws(VSSError) -> SnapshotSetOutcome {
        guard phase == .snapshotHeld, let hold else {
            throw VSSError(.badState, call: "DoSnapshotSet", "no snapshot set is held (the backup is at \(phase))")
        }
        self.hold = nil
        let outcome = SnapshotSetRun(coordinator: coordinator, components: self).finish(hold)
        snapshots = outcome.snapshots
        phase = .snapshotDone
        return outcome
    }

    /// Whether writes are held inside DoSnapshotSet now.
    public var isHoldingWrites: Bool { phase == .snapshotHeld }

    /// BackupComplete to the writers that took part; returns VSS_E_UNEXPECTED_WRITER_ERROR
    /// when one of them fails it.
    @discardableResult
    public func backupComplete() throws(VSSError) -> HResult {
        try require(.snapshotDone, "BackupComplete")
        log.record(requesterScope, "BackupComplete")
        var result = HResult.ok
        for registration in participants where registration.active {
            let delivery = coordinator.deliver(.backupComplete, to: registration,
                                               limit: coordinator.timeouts.writerResponse,
                                               context: eventContext(registration))
            if delivery != .succeeded { result = .unexpectedWriterError }
        }
        phase = .completed
        return result
    }

    /// AbortBackup: Abort to the writers, after PrepareForBackup and before PostSnapshot.
    public func abortBackup() throws(VSSError) {
        guard phase >= .setStarted, phase < .snapshotDone else {
            throw VSSError(.badState, call: "AbortBackup", "nothing to abort (the backup is at \(phase))")
        }
        log.record(requesterScope, "AbortBackup")
        if phase == .snapshotHeld {
            for volume in volumesInSet.compactMap({ coordinator.volume(named: $0) }) { volume.releaseWrites() }
            hold = nil
        }
        coordinator.abortAll(reason: "the requester aborted the backup")
        deleteSnapshots()
        phase = .ended
    }

    /// Releasing the object: BackupShutdown to every writer, whatever state the backup is in.
    /// `requesterDied`: the object went away with its process (the writers are told so);
    /// a writer may fail BackupShutdown then. A requester that only read cached metadata
    /// started nothing, and its release tells the writers nothing.
    public func release(requesterDied: Bool = false) {
        guard !released else { return }
        released = true
        log.record(requesterScope, requesterDied ? "RequesterGone" : "Release")
        if !coordinator.isPoweredOff, !readCachedMetadataOnly {
            for registration in coordinator.registrations where registration.status.inMetadata
                && !disabledWriterIds.contains(registration.writer.identity.writerId)
            {
                log.record(coordinator.writerScope(registration), WriterEvent.backupShutdown.traceName)
                var context = eventContext(registration)
                context.requesterDied = requesterDied
                if case .failure(let code, _) = registration.writer.handle(.backupShutdown, context: context),
                    !registration.status.state.isFailed
                {
                    coordinator.fail(registration, state: .failedAtBackupShutdown, code: code, during: .backupShutdown,
                                     sticks: requesterDied)
                }
                registration.active = false
                registration.frozenAt = nil
            }
        }
        if ownsSnapshotSet {
            coordinator.snapshotSetInProgress = false
            ownsSnapshotSet = false
        }
        phase = .ended
    }

    /// AddComponent: the requester selects a component of a writer for the backup, between
    /// GatherWriterMetadata and PrepareForBackup. `inMetadata`: whether the writer's metadata
    /// lists that component (VSS_E_OBJECT_NOT_FOUND otherwise).
    public func addComponent(writer: String, component: String, inMetadata: Bool) throws(VSSError) {
        guard phase == .metadataGathered || phase == .setStarted else {
            throw VSSError(.badState, call: "AddComponent", "called out of order (the backup is at \(phase))")
        }
        guard inMetadata else {
            throw VSSError(.objectNotFound, call: "AddComponent", "\(writer) has no component \(component)")
        }
        log.record(requesterScope, "AddComponent", "\(writer): \(component)")
    }

    /// SetBackupSucceeded: the requester tells a writer whether its component was copied,
    /// after DoSnapshotSet and before BackupComplete.
    public func setBackupSucceeded(writer: String, component: String, succeeded: Bool, inMetadata: Bool)
        throws(VSSError)
    {
        guard phase == .snapshotDone else {
            throw VSSError(.badState, call: "SetBackupSucceeded", "called out of order (the backup is at \(phase))")
        }
        guard inMetadata else {
            throw VSSError(.objectNotFound, call: "SetBackupSucceeded", "\(writer) has no component \(component)")
        }
        log.record(requesterScope, "SetBackupSucceeded", "\(writer): \(component) \(succeeded)")
    }

    /// Deletes one shadow copy of this set (DeleteSnapshots with its id); false when the set
    /// holds none by that id.
    @discardableResult
    public func deleteSnapshot(id: String) -> Bool {
        guard let index = snapshots.firstIndex(where: { $0.id == id }) else { return false }
        coordinator.volume(named: snapshots[index].volumeName)?.deleteSnapshot(id: id)
        snapshots.remove(at: index)
        return true
    }

    /// Deletes the shadow copies of this set (after the data was copied, or on failure).
    public func deleteSnapshots() {
        for snapshot in snapshots {
            coordinator.volume(named: snapshot.volumeName)?.deleteSnapshot(id: snapshot.id)
        }
        snapshots.removeAll()
    }

    var activeParticipants: [VSSCoordinator.Registration] { participants.filter(\.active) }
    func context(for registration: VSSCoordinator.Registration) -> WriterEventContext { eventContext(registration) }
}
