import Foundation
import SnapWriter

/// One requester session opened through the API: an IVssBackupComponents on one machine's
/// VSS service, driven call by call in the caller's own order. VSS's refusals (out of order,
/// a set already in progress, an unknown volume) are answers with their HRESULT, as a real
/// requester would get them.
final class RequesterSession {
    let id: String
    let machine: MachineRef
    private let coordinator: VSSCoordinator
    private let components: BackupComponents
    private let metadata: WriterComponents
    /// What a host session hands the Hyper-V writer: no image copy (the caller copies what
    /// it wants), and the scenario's host faults.
    private let hyperVOptions: HyperVBackupOptions?

    init(id: String, machine: MachineRef, coordinator: VSSCoordinator, metadata: WriterComponents,
         hostFaults: HostFaultPlan?) {
        self.id = id
        self.machine = machine
        self.coordinator = coordinator
        self.metadata = metadata
        components = coordinator.makeBackupComponents()
        if case .host = machine {
            hyperVOptions = HyperVBackupOptions(imageCopy: nil, faults: hostFaults)
        } else {
            hyperVOptions = nil
        }
    }

    /// CreateVssBackupComponents and InitializeForBackup.
    func initialize() -> HResult {
        do {
            try components.initializeForBackup()
            try components.setContext(.backup)
            return .ok
        } catch {
            return error.hresult
        }
    }

    /// Runs one call; `shadowsMade` learns of the shadow copies DoSnapshotSet created.
    func perform(_ call: RequesterCall, name: String, shadowsMade: ([VolumeSnapshot], String) -> Void) -> JSONValue {
        var extra: [(String, JSONValue)] = []
        let hresult: HResult
        do {
            hresult = try run(call, extra: &extra, shadowsMade: shadowsMade)
        } catch {
            hresult = error.hresult
        }
        return .object([
            ("call", .string(name)),
            ("hresult", .string(hresult.hex)),
            ("name", .string(hresult.name)),
            ("writers", .array(coordinator.writerStatus.map(\.json))),
        ] + extra)
    }

    private func run(_ call: RequesterCall, extra: inout [(String, JSONValue)],
                     shadowsMade: ([VolumeSnapshot], String) -> Void) throws(VSSError) -> HResult {
        switch call {
        case .gatherWriterMetadata:
            let writers = try components.gatherWriterMetadata()
            if let hyperVOptions { try components.setBackupOptions(hyperVOptions, forWriter: WriterIdentity.hyperV.name) }
            extra.append(("metadata", metadata.json(writers)))
        case .setBackupState(let type, _, _, _):
            // Component selection and the other flags are recorded by the caller's choice
            // only: every writer with data on the set's volumes takes part (fidelity Q1).
            try components.setBackupState(type)
        case .addComponent(let writer, let component):
            try components.addComponent(writer: writer, component: component,
                                        inMetadata: metadata.contains(writer: writer, component: component))
        case .prepareForBackup:
            try components.prepareForBackup()
        case .startSnapshotSet:
            extra.append(("snapshotSetId", .string(try components.startSnapshotSet())))
        case .addToSnapshotSet(let volume):
            extra.append(("snapshotId", .string(try components.addToSnapshotSet(volume: volume))))
        case .doSnapshotSet:
            let outcome = try components.doSnapshotSet()
            guard case .created(let snapshots) = outcome else {
                if case .failed(let code) = outcome { return code }
                return .unexpected
            }
            shadowsMade(snapshots, components.snapshotSetId ?? "")
            extra.append(("snapshots", .array(snapshots.map {
                .object([("id", .string($0.id)), ("volume", .string($0.volumeName))])
            })))
        case .gatherWriterStatus:
            _ = components.gatherWriterStatus()
        case .setBackupSucceeded(let writer, let component, let succeeded):
            try components.setBackupSucceeded(writer: writer, component: component, succeeded: succeeded,
                                              inMetadata: metadata.contains(writer: writer, component: component))
        case .backupComplete:
            return try components.backupComplete()
        case .abortBackup:
            try components.abortBackup()
        }
        return .ok
    }

    /// DeleteSnapshots for one of this session's shadow copies.
    func deleteShadow(_ id: String) { components.deleteSnapshot(id: id) }

    /// Releasing the object: its shadow copies go with it (they are not persistent), and the
    /// writers that took part get BackupShutdown.
    func release() {
        components.deleteSnapshots()
        components.release()
    }
}
