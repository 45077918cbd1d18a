import Foundation
import SnapWriter

/// One IVssBackupComponents a requester tool (diskshadow, vshadow) drives on a machine to
/// make a shadow copy set: the calls in the SDK's order, the writers' status checked after
/// PrepareForBackup and DoSnapshotSet, then BackupComplete (a full backup) or not (a copy),
/// then release. The shadow copies made join the machine's list.
final class ShadowSetBackup {
    let machine: FaceMachine
    let request: ShadowSetRequest
    private let components: BackupComponents
    /// The shadow copies this set made.
    private(set) var made: [FaceShadowCopy] = []
    private(set) var setId: String?
    private var released = false

    init(machine: FaceMachine, request: ShadowSetRequest) {
        self.machine = machine
        self.request = request
        components = machine.coordinator.makeBackupComponents()
    }

    private var involvesWriters: Bool { !request.attributes.noWriters && !request.attributes.clientAccessible }

    /// The writers that take part: in metadata and not excluded.
    var participants: [WriterStatus] {
        guard involvesWriters else { return [] }
        return machine.writerStatus.filter { !request.excludedWriterIds.contains($0.writerId.lowercased()) }
    }

    /// Makes the set; on a writer failure after the set was made, the shadow copies exist
    /// and are returned with the failure's writers.
    func create(progress: (ShadowSetProgress) -> Void) throws(ShadowSetFailure) {
        do {
            try components.initializeForBackup()
            try components.setContext(request.attributes.context)
            if involvesWriters {
                if !request.excludedWriterIds.isEmpty { try components.disableWriterClasses(request.excludedWriterIds) }
                try components.setBackupState(request.backupType)
                progress(.gatheringMetadata)
                try components.gatherWriterMetadata()
                try machine.prepareWriters(components)
                try checkVerifiedWritersIncluded()
            } else {
                try components.gatherWriterMetadata()
            }
            let id = try components.startSnapshotSet()
            setId = id
            progress(.startedSet(id))
            for volume in request.volumes {
                progress(.addingVolume(volume))
                try components.addToSnapshotSet(volume: volume)
            }
            if involvesWriters { progress(.preparingForBackup) }
            try components.prepareForBackup()
            try checkWriters()
            progress(.creating)
            let outcome = try components.doSnapshotSet()
            record(outcome.snapshots)
            if case .failed(let code) = outcome { throw ShadowSetFailure.snapshotSet(code) }
            _ = components.gatherWriterStatus()
            try checkWriters()
            progress(.created)
        } catch let error as VSSError {
            throw .call(error)
        } catch let failure as ShadowSetFailure {
            throw failure
        } catch {
            throw .call(VSSError(.unexpected, call: "create", "\(error)"))
        }
    }

    private func checkVerifiedWritersIncluded() throws(ShadowSetFailure) {
        let taking = Set(participants.map { $0.writerId.lowercased() })
        for verified in request.verified where !(verified.writerId.map { taking.contains($0.lowercased()) } ?? false) {
            throw .notIncluded(verified.text)
        }
    }

    private func checkWriters() throws(ShadowSetFailure) {
        let failed = participants.filter(\.state.isFailed)
        if !failed.isEmpty { throw .writersFailed(failed) }
    }

    private func record(_ snapshots: [VolumeSnapshot]) {
        for snapshot in snapshots {
            let copy = ShadowCopy(snapshot: snapshot, setId: setId ?? "", sessionId: "face", createdAt: machine.now)
            let shadow = FaceShadowCopy(copy: copy, details: FaceShadowDetails(device: machine.numberDevice(),
                                                                   attributes: request.attributes, setCount: snapshots.count))
            shadow.alias = request.aliases[snapshot.volumeName]
            made.append(shadow)
            machine.shadows.append(shadow)
        }
    }

    /// SetBackupSucceeded and BackupComplete: the writers learn the backup is done (SQL
    /// Server records it; a FULL moves the differential base). Returns the call's result.
    func complete() -> HResult {
        do {
            return try components.backupComplete()
        } catch {
            return error.hresult
        }
    }

    /// Releases the object (BackupShutdown to the writers); non-persistent shadow copies go
    /// with it. Safe to call more than once.
    func release() {
        guard !released else { return }
        released = true
        if !request.attributes.persistent {
            for shadow in made where machine.shadows.contains(where: { $0 === shadow }) { machine.delete(shadow) }
        }
        components.release()
    }

    /// Deletes the set's shadow copies now (a tool that gives up on a failed set).
    func discardShadows() {
        for shadow in made where machine.shadows.contains(where: { $0 === shadow }) { machine.delete(shadow) }
        made.removeAll()
    }
}
