/// The Volume Shadow Copy service of one machine: its writers (and their status, which
/// outlives a backup), its volumes and its provider. Requesters drive it through
/// `BackupComponents`; this type delivers events to writers and enforces the timers.
public final class VSSCoordinator {
    final class Registration {
        let writer: Writer
        var status: WriterStatus
        /// Taking part in the backup under way: in metadata and not failed during it.
        var active = false
        /// The writer's failure outlives its backup session: it stopped answering (it timed
        /// out in an event), or its session was abandoned by a requester that died. Any other
        /// failure is that session's veto, and the next session asks the writer afresh.
        var failureSticks = false
        var frozenAt: Duration?

        init(writer: Writer, instanceId: String) {
            self.writer = writer
            status = WriterStatus(identity: writer.identity, instanceId: instanceId)
        }
    }

    /// Trace scope of this machine, e.g. `HV01/VM2`.
    public let scope: String
    public let clock: SimulationClock
    public let log: EventLog
    /// Windows' own software provider, which a set uses unless its volumes name another.
    public let provider: ShadowCopyProvider
    /// Providers installed besides Windows' own (the QEMU guest agent's), by their id.
    public private(set) var installedProviders: [ShadowCopyProvider] = []
    public var timeouts: VSSTimeouts
    private(set) var registrations: [Registration]
    private let volumesByName: [String: Volume]
    var random: SeededRandom
    /// Only one snapshot set may be under way on a machine at a time.
    var snapshotSetInProgress = false
    /// Every writer failure, in the order it happened.
    public private(set) var failures: [WriterFailureRecord] = []
    /// Every change of a writer's state, in order: what a soak run checks for legality.
    public private(set) var transitions: [WriterTransition] = []
    /// The machine stopped: no writer receives anything more, and their states stay as they were.
    public private(set) var isPoweredOff = false

    public init(scope: String, writers: [Writer], volumes: [Volume], clock: SimulationClock, log: EventLog,
                random: SeededRandom, timeouts: VSSTimeouts = .windows) {
        self.scope = scope
        self.clock = clock
        self.log = log
        self.timeouts = timeouts
        var random = random
        provider = ShadowCopyProvider(random: random.split("provider"))
        registrations = writers.map { Registration(writer: $0, instanceId: random.guid()) }
        volumesByName = Dictionary(uniqueKeysWithValues: volumes.map { ($0.name, $0) })
        self.random = random
    }

    /// A new requester object (IVssBackupComponents) on this machine. `observer` is the
    /// requester's: told of each event of this backup just before a writer receives it.
    public func makeBackupComponents(observer: ((WriterEvent) -> Void)? = nil) -> BackupComponents {
        BackupComponents(coordinator: self, observer: observer)
    }

    /// What `vssadmin list writers` would show now. Writers that failed Identify are absent.
    public var writerStatus: [WriterStatus] {
        registrations.map(\.status).filter(\.inMetadata)
    }

    /// Every writer's status, including those that vanished after failing Identify.
    public var allWriterStatus: [WriterStatus] { registrations.map(\.status) }

    public func volume(named name: String) -> Volume? { volumesByName[name] }

    /// Registers a provider next to Windows' own, as its installer does.
    public func install(_ provider: ShadowCopyProvider) {
        installedProviders.append(provider)
    }

    /// Every registered provider, Windows' own first.
    public var providers: [ShadowCopyProvider] { [provider] + installedProviders }

    /// The registered provider with this id, Windows' own included.
    func provider(id: String) -> ShadowCopyProvider? {
        providers.first { $0.providerId.lowercased() == id.lowercased() }
    }

    /// The machine stops: writes held on its volumes are never acknowledged, and are gone.
    public func powerOff() {
        guard !isPoweredOff else { return }
        isPoweredOff = true
        for volume in volumesByName.values { volume.dropHeldWrites() }
        snapshotSetInProgress = false
        log.record("\(scope)/VSS", "PoweredOff", "the machine stopped; its writers receive nothing more")
    }

    /// The hosting service of the writer restarted: its failed state clears and it gets a
    /// new instance id, as a new process would.
    public func restartService(ofWriter name: String) -> Bool {
        guard let registration = registrations.first(where: { $0.writer.identity.name == name }) else { return false }
        let before = registration.status.state
        registration.status = WriterStatus(identity: registration.writer.identity, instanceId: random.guid())
        record(registration, from: before, cause: .serviceRestarted)
        registration.active = false
        registration.frozenAt = nil
        registration.failureSticks = false
        registration.writer.serviceRestarted()
        log.record(writerScope(registration), "ServiceRestarted", "state \(registration.status.state.vssadminLabel)")
        return true
    }

    func setState(_ registration: Registration, _ state: WriterState, cause: WriterTransition.Cause) {
        let before = registration.status.state
        registration.status.state = state
        record(registration, from: before, cause: cause)
    }

    private func record(_ registration: Registration, from before: WriterState, cause: WriterTransition.Cause) {
        let after = registration.status.state
        guard before != after else { return }
        transitions.append(WriterTransition(writer: "\(scope)/\(registration.writer.identity.name)", from: before,
                                            to: after, cause: cause))
    }

    func writerScope(_ registration: Registration) -> String {
        "\(scope)/\(registration.writer.identity.name)"
    }

    func context(for registration: Registration, backupType: BackupType, setId: String?, volumes: [String])
        -> WriterEventContext
    {
        WriterEventContext(backupType: backupType, snapshotSetId: setId, volumes: volumes,
                           scope: writerScope(registration), log: log, clock: clock)
    }

    enum DeliveryResult: Equatable {
        case succeeded
        case failed(HResult)
    }

    /// Sends one event to one writer and waits for its answer, at most `limit`. A writer
    /// that answers late or never has timed out: VSS_E_WRITERERROR_TIMEOUT.
    @discardableResult
    func deliver(_ event: WriterEvent, to registration: Registration, limit: Duration, failureState: WriterState? = nil,
                 context: WriterEventContext) -> DeliveryResult
    {
        // A writer's own clock use inside the handler (a Hyper-V writer backing up guests)
        // is not counted against its answer time: only the pause it reports is.
        context.observer?(event)
        guard !isPoweredOff else { return .failed(.writerNotResponding) }
        log.record(writerScope(registration), event.traceName)
        let response = registration.writer.handle(event, context: context)
        let outcome: DeliveryResult
        var answered = true
        switch response {
        case .success(let after) where after <= limit:
            clock.advance(by: after)
            outcome = .succeeded
        case .failure(let code, let after) where after <= limit:
            clock.advance(by: after)
            outcome = .failed(code)
        case .success, .failure, .hang:
            clock.advance(by: max(limit, .zero))
            outcome = .failed(.writerErrorTimeout)
            answered = false
        }
        switch outcome {
        case .succeeded:
            if !registration.status.state.isFailed {
                setState(registration, event.stateAfterSuccess, cause: .succeeded(event))
            }
        case .failed(let code):
            fail(registration, state: failureState ?? event.stateAfterFailure, code: code, during: event,
                 sticks: !answered)
        }
        return outcome
    }

    /// `sticks`: the failure outlives this backup session (see `Registration.failureSticks`).
    func fail(_ registration: Registration, state: WriterState, code: HResult, during event: WriterEvent,
              sticks: Bool = false) {
        registration.failureSticks = sticks && registration.writer.identity.failureCanStick
        failures.append(WriterFailureRecord(writer: registration.writer.identity.name, event: event, hresult: code,
                                            state: state))
        setState(registration, state, cause: .failed(event, sticks: registration.failureSticks))
        registration.status.lastError = code
        registration.active = false
        log.record(writerScope(registration), "WriterFailed",
                   "\(event.traceName): \(code.name) (\(code.hex)); state \(state.name)")
    }

    /// Abort to every writer in metadata: the set is abandoned. Writers that failed keep
    /// their failed state; the others return to stable.
    func abortAll(reason: String) {
        guard !isPoweredOff else { return }
        log.record("\(scope)/VSS", "AbortSent", reason)
        for registration in registrations where registration.status.inMetadata {
            log.record(writerScope(registration), WriterEvent.abort.traceName)
            _ = registration.writer.handle(
                .abort, context: context(for: registration, backupType: .undefined, setId: nil, volumes: []))
            if !registration.status.state.isFailed { setState(registration, .stable, cause: .aborted) }
            registration.active = false
            registration.frozenAt = nil
        }
    }
}
