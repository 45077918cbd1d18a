/// The QEMU guest agent's Windows build as it reaches the guest's VSS: the requester of
/// `qga/vss-win32/requester.cpp`, call for call (reference/qemu-guest-agent.md §3.2), with
/// its provider registered next to Windows' own. A freeze reads `VssOption` and runs the
/// sequence up to the provider's CommitSnapshots, where writes are held and the freeze
/// answers; the thaw lets the provider return, and the set ends (BackupComplete when it was
/// made). Writer status is never read: a writer that failed does not fail the freeze.
public final class WindowsAgentRequester: GuestAgentSystem {
    public var agentPlatform: GuestAgentPlatform { .windows }

    /// The `VssOption` DWORD under the provider's service key, read at every freeze (§3.4);
    /// the installer writes 1. Any value is stored; one outside 1...5 means VSS_BT_FULL.
    public var vssOption = 1
    public let build: WindowsAgentBuild

    /// `VSS_CTX_APP_ROLLBACK | TRANSPORTABLE | NO_AUTORECOVERY | TXF_RECOVERY` (server Windows).
    public static let context: UInt32 = 0x0200_002B
    /// How long the requester waits for the provider's Frozen event (`VSS_TIMEOUT_FREEZE_MSEC`).
    public static let frozenEventWait = Duration.seconds(60)

    private let guest: WindowsGuest
    /// The backup under way while volumes are frozen (`vss_ctx.pVssbc`).
    private var components: BackupComponents?
    private var frozenVolumes = 0
    /// How long the instance's error log was when the last freeze began.
    private var errorLogBefore = 0

    /// What the last freeze and thaw did in the guest (nil before the first freeze).
    public private(set) var lastBackup: AgentBackupRecord?

    /// The writers as vssadmin shows them in the guest now (the agent itself never asks).
    public var writerStatus: [WriterStatus] { vss.writerStatus }

    public init(guest: WindowsGuest, build: WindowsAgentBuild = .current, random: SeededRandom) {
        self.guest = guest
        self.build = build
        guest.vss.install(QEMUAgentProvider.make(version: build.version, random: random))
    }

    /// VSS_BT_FULL, INCREMENTAL, DIFFERENTIAL, LOG, COPY for 1...5; anything else is not a
    /// valid backup type and the requester falls back to its default, FULL.
    public static func backupType(vssOption: Int) -> BackupType {
        (1...5).contains(vssOption) ? BackupType(rawValue: vssOption)! : .full
    }

    /// Whether a set is held now (between a freeze and its thaw).
    public var isHolding: Bool { components != nil }

    private var vss: VSSCoordinator { guest.vss }
    private var scope: String { "\(vss.scope)/qemu-ga" }

    public func agentFreeze(mountpoints: [String]?) throws(GuestAgentFailure) -> Int {
        guard components == nil else { return 0 }
        let type = Self.backupType(vssOption: vssOption)
        vss.log.record(scope, "RequesterFreeze", "VssOption \(vssOption): \(type.name)")
        guest.sqlWriter?.forgetLastBackup()
        errorLogBefore = guest.sqlInstance?.errorLog.count ?? 0
        lastBackup = AgentBackupRecord(type: type, databases: [], errorLog: [])
        do {
            return try freezeSet(type: type, mountpoints: mountpoints)
        } catch {
            recordEnd(succeeded: false)
            throw error
        }
    }

    /// The requester's sequence up to the provider's Frozen event.
    private func freezeSet(type: BackupType, mountpoints: [String]?) throws(GuestAgentFailure) -> Int {
        let components = vss.makeBackupComponents()
        // An empty list is a NULL strList on Windows: every fixed volume.
        let volumes = mountpoints.flatMap { $0.isEmpty ? nil : $0 } ?? guest.volumeNames
        do {
            try step("failed to initialize for backup") { () throws(VSSError) in try components.initializeForBackup() }
            try step("failed to set backup state") { () throws(VSSError) in try components.setBackupState(type) }
            try step("failed to set backup context") { () throws(VSSError) in
                try components.setContext(.appRollback, attributes: Self.context)
            }
            try step("failed to gather writer metadata") { () throws(VSSError) in
                try components.gatherWriterMetadata()
            }
            try addSelectableComponents(to: components)
            try step("failed to start snapshot set") { () throws(VSSError) in _ = try components.startSnapshotSet() }
            for volume in volumes {
                try step("failed to add \(volume) to snapshot set") { () throws(VSSError) in
                    try components.addToSnapshotSet(volume: volume, providerId: QEMUAgentProvider.providerId)
                }
            }
            try step("failed to prepare for backup") { () throws(VSSError) in try components.prepareForBackup() }
            // Only the call's own result counts: the status of each writer is never read.
            _ = components.gatherWriterStatus()
        } catch {
            try? components.abortBackup()
            components.release()
            throw error
        }
        return try doSnapshotSet(components, volumes: volumes.count)
    }

    /// DoSnapshotSet until the provider's Frozen event: the freeze answers while writes are
    /// held inside CommitSnapshots.
    private func doSnapshotSet(_ components: BackupComponents, volumes: Int) throws(GuestAgentFailure) -> Int {
        let started = vss.clock.now
        let ended: SnapshotSetOutcome?
        do {
            ended = try components.beginSnapshotSet()
        } catch {
            components.release()
            throw GuestAgentFailure(desc: build.message("failed to do snapshot set", error.hresult))
        }
        if ended != nil {
            // The set failed before the provider was reached: no Frozen event ever comes.
            vss.log.record(scope, "RequesterFreezeFailed", "DoSnapshotSet exited without Frozen event")
            components.release()
            throw GuestAgentFailure(desc: build.message("DoSnapshotSet exited without Frozen event", .genericFailure))
        }
        if vss.clock.now - started > Self.frozenEventWait {
            // The requester stops waiting without AbortBackup (QEMU 2.11), and the agent's
            // internal thaw lets the set end.
            vss.log.record(scope, "RequesterFreezeFailed", "timeout when try to receive Frozen event from VSS provider")
            self.components = components
            _ = try? agentThaw()
            throw GuestAgentFailure(desc: build.message("timeout when try to receive Frozen event from VSS provider",
                                                         .genericFailure))
        }
        self.components = components
        frozenVolumes = volumes
        vss.log.record(scope, "RequesterFrozen", "\(volumes) volume(s) frozen; writes held until the thaw")
        return volumes
    }

    public func agentThaw() throws(GuestAgentFailure) -> Int {
        // No set: nothing was frozen, and that is no error.
        guard let components else { return 0 }
        self.components = nil
        defer { components.release() }
        let outcome: SnapshotSetOutcome
        do {
            outcome = try components.finishSnapshotSet()
        } catch {
            recordEnd(succeeded: false)
            throw GuestAgentFailure(desc: build.message("failed to do snapshot set", error.hresult))
        }
        switch outcome {
        case .created:
            // The writers' answers to BackupComplete go to their status, which is not read.
            _ = try? components.backupComplete()
            recordEnd(succeeded: true)
            vss.log.record(scope, "RequesterThawed", "\(frozenVolumes) volume(s) thawed; BackupComplete sent")
            return frozenVolumes
        case .failed(let code):
            recordEnd(succeeded: false)
            vss.log.record(vss.scope + "/VSS", "AbortBackup", "the agent's requester ends the failed set")
            let text = code == .holdWritesTimeout ? "couldn't hold writes: fsfreeze is limited up to 10 seconds"
                : code == .unexpectedProviderError ? "unexpected error in VSS provider" : "failed to do snapshot set"
            vss.log.record(scope, "RequesterThawFailed", text)
            throw GuestAgentFailure(desc: build.message(text, code))
        }
    }

    /// The end of the set in the record: each database as the SQL writer left it, in the
    /// backup only when the set was made, and the error log since the freeze began.
    private func recordEnd(succeeded: Bool) {
        lastBackup?.databases = guest.databaseResults(succeeded: succeeded)
        lastBackup?.errorLog = Array((guest.sqlInstance?.errorLog ?? []).dropFirst(errorLogBefore))
    }

    /// AddComponent for every selectable component of the writers in metadata: the SQL
    /// writer's databases (a system writer's components come with the bootable system
    /// state, never added one by one).
    private func addSelectableComponents(to components: BackupComponents) throws(GuestAgentFailure) {
        guard let instance = guest.sqlInstance,
              vss.writerStatus.contains(where: { $0.name == WriterIdentity.sqlServer.name && !$0.state.isFailed })
        else { return }
        for database in instance.databases {
            let component = "\(instance.serverName)(\(database.name))"
            try step("failed to add component \(component)") { () throws(VSSError) in
                try components.addComponent(writer: WriterIdentity.sqlServer.name,
                                            component: "\(instance.serverName)\\\(database.name)", inMetadata: true)
            }
        }
    }

    /// One requester call; its failure is the agent's text with the call's HRESULT.
    private func step(_ text: String, _ call: () throws(VSSError) -> Void) throws(GuestAgentFailure) {
        do {
            try call()
        } catch {
            vss.log.record(scope, "RequesterFreezeFailed", "\(text): \(error.description)")
            throw GuestAgentFailure(desc: build.message(text, error.hresult))
        }
    }
}
