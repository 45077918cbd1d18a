import SnapWriter

/// The Microsoft Hyper-V VSS Writer (in VMMS): owns the VMs. The whole backup of every
/// VM runs inside its PrepareForSnapshot; it does nothing at Freeze and Thaw; at
/// PostSnapshot it resumes saved VMs and rolls child snapshots back to the guest's
/// snapshot point. One VM failing fails it: there are no partial backups.
public final class HyperVWriter: Writer {
    public let identity = WriterIdentity.hyperV
    private let vms: [GuestVM]
    private let log: EventLog
    private var random: SeededRandom

    public init(vms: [GuestVM], log: EventLog, random: SeededRandom) {
        self.vms = vms
        self.log = log
        self.random = random
    }

    public func handle(_ event: WriterEvent, context: WriterEventContext) -> WriterResponse {
        // A requester that set no options gets the VMs backed up with no image and no fault.
        let options = context.backupOptions as? HyperVBackupOptions ?? HyperVBackupOptions(imageCopy: nil, faults: nil)
        switch event {
        case .identify:
            return .success(after: random.milliseconds(2, 6))
        case .prepareSnapshot:
            return backUpVMs(context, options)
        case .postSnapshot:
            finishVMs(options.results)
            return .success(after: random.milliseconds(1, 3))
        default:
            return .success(after: random.milliseconds(0.2, 1))
        }
    }

    private func backUpVMs(_ context: WriterEventContext, _ options: HyperVBackupOptions) -> WriterResponse {
        let faults = options.faults
        var results: [VMBackupResult] = []
        defer { options.results = results }
        var failed: VMBackupResult?
        for vm in vms {
            guard failed == nil else {
                results.append(VMBackupResult(vm: vm.name, method: vm.backupMethod, status: .notAttempted))
                log.record(vm.vss.scope, "NotAttempted", "the host backup already failed on \(failed!.vm)")
                continue
            }
            let result: VMBackupResult
            switch vm.backupMethod {
            case .childVMSnapshot where faults?.take(.integrationServiceSilent, vm: vm.name) != nil:
                result = BackupIntegrationService().silent(vm, log: log, clock: context.clock)
            case .childVMSnapshot:
                let stop = faults?.available(.vmStops, vm: vm.name)
                let death = faults?.available(.requesterDisappears, vm: vm.name)
                result = BackupIntegrationService().backUp(vm, log: log, images: options.imageCopy, stopsAt: stop?.rule.event,
                                                           requesterDiesAfter: death?.rule.event)
                // A rule counts only when it happened: a backup that failed before the event used none.
                if let stop, vm.powerState == .off { faults?.fired(stop.index) }
                if let death, vm.powerState == .running, result.failure?.writer == WriterIdentity.hyperV.name {
                    faults?.fired(death.index)
                }
            case .savedState, .guestAgentFreeze, .crashConsistentSnapshot:
                // A Hyper-V VM's method is one of the first two; the others are a KVM host's.
                result = saveState(vm, images: options.imageCopy)
            }
            results.append(result)
            if result.status == .failed { failed = result }
        }
        if let failed {
            log.record(context.scope, "VMBackupFailed",
                       "\(failed.vm): \(failed.failure?.writer ?? "the guest") failed "
                           + "\(failed.failure?.event.traceName ?? "its backup") with "
                           + "\(failed.hresult?.name ?? "an error") (\(failed.hresult?.hex ?? "")): no partial backups")
            return .failure(failed.hresult ?? .unexpectedWriterError, after: .zero)
        }
        return .success(after: random.milliseconds(1, 4))
    }

    private func saveState(_ vm: GuestVM, images: VMImageCopy?) -> VMBackupResult {
        var result = VMBackupResult(vm: vm.name, method: .savedState, status: .succeeded)
        let why = vm.powerState == .off ? "the VM is off"
            : "the backup integration service is not running in the guest"
        if vm.powerState == .running {
            log.record(vm.vss.scope, "VMSaved", "saved state backup: \(why)")
        } else {
            log.record(vm.vss.scope, "VMOffline", "offline backup: \(why); its files are taken as they are")
        }
        result.writers = vm.vss.writerStatus
        result.databases = vm.guest.databasesOutsideBackup
        guard let images else { return result }
        do {
            result.image = try copySavedDisk(vm, with: images)
        } catch {
            result.fail(storing: error)
            log.record(vm.vss.scope, "VMBackupFailed", "its image could not be stored: "
                + "\(error.hresult.name) (\(error.hresult.hex))")
        }
        return result
    }

    /// The image of a saved or off VM's `D:`, from a snapshot taken while it is saved: no
    /// guest writer ran, so nothing was quiesced.
    private func copySavedDisk(_ vm: GuestVM, with copy: VMImageCopy) throws(ImageCopyFailure) -> BackupImage {
        // The id names the snapshot's directory in a FUSE volume's store.
        let id = "\(FileNameEncoding.encode(vm.name))-\(vm.powerState == .off ? "offline" : "saved-state")"
        let snapshot: VolumeSnapshot
        do {
            snapshot = try vm.dataDisk.createSnapshot(id: id)
        } catch {
            throw copy.failed(vm, volume: vm.dataDisk.name, RepositoryError("snapshot \(vm.dataDisk.name): \(error.description)"))
        }
        defer { vm.dataDisk.deleteSnapshot(id: id) }
        return try copy.copy(vm, from: snapshot, source: vm.powerState == .off ? .offline : .savedState, snapshotId: nil,
                         quiesced: [])
    }

    private func finishVMs(_ results: [VMBackupResult]) {
        for (index, result) in results.enumerated() where result.status == .succeeded {
            let vm = vms[index]
            switch result.method {
            case .childVMSnapshot:
                log.record(vm.vss.scope, "AutoRecovery",
                           "disk image rolled back to the guest's snapshot point")
            case .savedState where vm.powerState == .running:
                log.record(vm.vss.scope, "VMResumed", "resumed from saved state")
            case .savedState, .guestAgentFreeze, .crashConsistentSnapshot:
                break
            }
        }
    }
}
