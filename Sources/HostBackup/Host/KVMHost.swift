import SnapWriter

/// A KVM host (Proxmox VE's vzdump in snapshot mode, say): it quiesces each running VM
/// through the QEMU guest agent and nothing else, takes a copy-on-write snapshot of the
/// VM's disk, thaws, and copies the image from the snapshot. It reaches a guest only
/// through the agent's bytes (`GuestAgentPort`) and the VM's power state.
///
/// A writer failing inside the guest does not fail the backup, nor does the agent's
/// error: Proxmox logs both and goes on (docs/fidelity.md K9). Only a VM whose image
/// cannot be stored fails, and VMs are backed up one by one, each kept on its own.
public final class KVMHost: BackupHost {
    public let name: String
    public let vms: [GuestVM]
    /// A Linux host has no VSS: a coordinator with no writers, so the host lists none.
    public let vss: VSSCoordinator
    private let log: EventLog
    private let clock: SimulationClock
    public let writesImages: Bool
    /// vzdump's process id, the first part of every agent sync id.
    private let processId: Int

    public init(name: String, vms: [GuestVM], vss: VSSCoordinator, log: EventLog, random: SeededRandom,
                writesImages: Bool = true) {
        self.name = name
        self.vms = vms
        self.vss = vss
        self.log = log
        clock = vss.clock
        self.writesImages = writesImages
        var random = random
        processId = 1000 + Int(random.next() % 60_000)
    }

    public var hypervisor: Hypervisor { .kvm }

    /// Proxmox's limits (reference/qemu-guest-agent.md §4).
    static let pingTimeout = Duration.seconds(3)
    static let statusTimeout = Duration.seconds(5)
    static let freezeTimeout = Duration.seconds(600)
    static let thawTimeout = Duration.seconds(180)

    private var scope: String { "\(name)/vzdump" }

    /// Backs up every VM, one after another. `type` is what the request named; vzdump has
    /// no backup types, and the guest's own VssOption decides what its writers hear.
    public func backUp(type: BackupType, repository: BackupRepository?, faults: HostFaultPlan?,
                       repositoryFaults: RepositoryFaultPlan?) -> HostBackupResult {
        log.record(scope, "HostBackupStarted", "vzdump of \(vms.count) VM(s) in snapshot mode")
        let backup = repository.flatMap { beginBackup(in: $0) }
        let imageCopy = backup.map { VMImageCopy(backup: $0, log: log, scope: scope, faults: repositoryFaults) }
        var result = HostBackupResult(host: name, backupType: type, hresult: nil, failure: nil, hostWriters: [], vms: [])
        result.hypervisor = .kvm
        for vm in vms {
            result.vms.append(backUp(vm, images: imageCopy, faults: faults))
        }
        if let failed = result.vms.first(where: { $0.status == .failed }), let stored = failed.imageFailure {
            result.hresult = stored.hresult
            result.failure = .init(vm: failed.vm, writer: "vzdump", event: .prepareSnapshot, hresult: stored.hresult,
                                   message: "\(stored.message); \(stored.hresult.name) (\(stored.hresult.hex)). "
                                       + "The other VMs' backups are kept: vzdump backs up each VM on its own.",
                                   cause: stored.message)
        }
        if let backup { keep(backup, &result) }
        log.record(scope, result.succeeded ? "HostBackupSucceeded" : "HostBackupFailed",
                   result.failure?.message ?? "every VM backed up")
        return result
    }

    private func backUp(_ vm: GuestVM, images: VMImageCopy?, faults: HostFaultPlan?) -> VMBackupResult {
        guard vm.powerState == .running, !vm.vss.isPoweredOff else {
            log.record(scope, "VMOffline", "\(vm.name): the VM is not running; its disk is taken as it is")
            var result = VMBackupResult(vm: vm.name, method: .crashConsistentSnapshot, status: .succeeded)
            copy(vm, images: images, source: .offline, into: &result)
            return result
        }
        var report = GuestAgentReport()
        let frozenThroughAgent = vm.agentPort.map { freeze(vm, port: $0, report: &report) } ?? false
        if let slow = faults?.take(.slowBackupStart, vm: vm.name), let seconds = slow.seconds {
            log.record(scope, "BackupJobStarting", "\(vm.name): the backup job takes \(seconds) s to start")
            clock.advance(by: .milliseconds(Int64(seconds * 1000)))
        }
        // The job's copy-on-write snapshot of the disk, taken while the guest holds its writes.
        let snapshotId = "\(FileNameEncoding.encode(vm.name))-vzdump"
        let snapshot: VolumeSnapshot?
        let quiesced = vm.guest.databasesFrozenNow
        var snapshotError: RepositoryError?
        do {
            snapshot = try vm.dataDisk.createSnapshot(id: snapshotId)
        } catch {
            snapshot = nil
            snapshotError = RepositoryError("snapshot \(vm.dataDisk.name): \(error.description)")
        }
        if frozenThroughAgent || report.calls.contains(where: { $0.command == "guest-fsfreeze-freeze" }),
           let port = vm.agentPort {
            note("issuing guest-agent 'fs-thaw' command", vm, &report)
            var client = self.client(port)
            let thaw = client.call("guest-fsfreeze-thaw", timeout: Self.thawTimeout)
            report.calls.append(thaw)
            if let failure = thaw.failureText { note("Agent error: \(failure)", vm, &report, error: true) }
        }
        var result = VMBackupResult(vm: vm.name, method: frozenThroughAgent ? .guestAgentFreeze : .crashConsistentSnapshot,
                                    status: .succeeded)
        result.guestAgent = vm.agentPort == nil ? nil : report
        defer { vm.dataDisk.deleteSnapshot(id: snapshotId) }
        guard let images else { return result }
        do throws(ImageCopyFailure) {
            guard let snapshot else { throw images.failed(vm, volume: vm.dataDisk.name, snapshotError!) }
            result.image = try images.copy(vm, from: snapshot, source: .hostSnapshot, snapshotId: nil, quiesced: quiesced)
        } catch {
            result.fail(storing: error, by: "vzdump")
            log.record(scope, "VMBackupFailed", "\(vm.name): its image could not be stored")
        }
        return result
    }

    /// vzdump's `qga_fs_freeze`: ping, status, freeze. Returns whether the guest answered
    /// the freeze with a count.
    private func freeze(_ vm: GuestVM, port: GuestAgentPort, report: inout GuestAgentReport) -> Bool {
        var client = self.client(port)
        let ping = client.call("guest-ping", timeout: Self.pingTimeout)
        report.calls.append(ping)
        guard ping.failureText == nil else {
            note("skipping guest filesystem freeze - agent configured but not running?", vm, &report)
            return false
        }
        let status = client.call("guest-fsfreeze-status", timeout: Self.statusTimeout)
        report.calls.append(status)
        if case .string("frozen")? = status.returned {
            note("skipping guest filesystem freeze - already frozen", vm, &report)
            return false
        }
        note("issuing guest-agent 'fs-freeze' command", vm, &report)
        let freeze = client.call("guest-fsfreeze-freeze", timeout: Self.freezeTimeout)
        report.calls.append(freeze)
        if let failure = freeze.failureText {
            // Logged, and the thaw is sent all the same.
            note("unable to freeze guest fs - \(failure)", vm, &report, error: true)
            return false
        }
        report.frozen = true
        return true
    }

    private func client(_ port: GuestAgentPort) -> AgentWireClient {
        AgentWireClient(port: port, clock: clock, processId: processId) { [log, scope] call in
            let answer = switch call.answer {
            case .returned(let value): value.serialized()
            case .error(let errorClass, let desc): "\(errorClass): \(desc)"
            case .timedOut: "no answer within \(call.timeout.components.seconds) s"
            case .unreadable(let why): why
            }
            log.record(scope, "AgentCall", "\(call.command) → \(answer)")
        }
    }

    private func note(_ line: String, _ vm: GuestVM, _ report: inout GuestAgentReport, error: Bool = false) {
        let text = error ? "ERROR: \(line)" : "INFO: \(line)"
        report.log.append(text)
        log.record(scope, "VzdumpLog", "\(vm.name): \(text)")
    }

    private func copy(_ vm: GuestVM, images: VMImageCopy?, source: BackupImage.Source, into result: inout VMBackupResult) {
        guard let images else { return }
        let id = "\(FileNameEncoding.encode(vm.name))-offline"
        do throws(ImageCopyFailure) {
            let snapshot: VolumeSnapshot
            do {
                snapshot = try vm.dataDisk.createSnapshot(id: id)
            } catch {
                throw images.failed(vm, volume: vm.dataDisk.name, RepositoryError("snapshot \(vm.dataDisk.name): \(error.description)"))
            }
            defer { vm.dataDisk.deleteSnapshot(id: id) }
            result.image = try images.copy(vm, from: snapshot, source: source, snapshotId: nil, quiesced: [])
        } catch {
            result.fail(storing: error, by: "vzdump")
        }
    }

    private func beginBackup(in repository: BackupRepository) -> RepositoryBackup? {
        do {
            return try repository.beginBackup(writes: writesImages)
        } catch {
            log.record(scope, "ImageCopyFailed", "no VM image is copied: \(error.description)")
            return nil
        }
    }

    /// Keeps every image that was stored: each VM's backup stands on its own.
    private func keep(_ backup: RepositoryBackup, _ result: inout HostBackupResult) {
        do {
            try backup.keep()
            log.record(scope, "ImagesKept", "\(backup.name): \(backup.images.count) image(s) and SHA256SUMS")
        } catch {
            log.record(scope, "ImageCopyFailed", "\(backup.name)/SHA256SUMS: \(error.description)")
            let failure = ImageCopyFailure(vm: "", volume: "", error: error)
            result.hresult = failure.hresult
            result.failure = .init(vm: nil, writer: "vzdump", event: .backupComplete, hresult: failure.hresult,
                                   message: "the list of image digests could not be stored: \(error.message)",
                                   cause: error.message)
            result.repositoryFailure = failure
            backup.discard()
            for index in result.vms.indices { result.vms[index].image = nil }
        }
    }
}
