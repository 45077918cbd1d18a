import Foundation
import SnapWriter

/// One machine's VSS service as a requester tool run on it sees it: the guest inside a VM,
/// or the Hyper-V host, whose writers include the Hyper-V writer that backs up the guests.
public final class FaceMachine {
    public let ref: MachineRef
    /// The computer name tools print (`On computer:`, `Originating machine:`).
    public let name: String
    let coordinator: VSSCoordinator
    let metadata: WriterComponents
    let clock: SimulationClock
    /// The scenario's host faults, handed to the Hyper-V writer of a host backup.
    private let hostFaults: HostFaultPlan?
    /// Shadow copies made on this machine that still exist, oldest first.
    var shadows: [FaceShadowCopy] = []
    /// How many shadow copy devices this machine has numbered (`HarddiskVolumeShadowCopyN`).
    private(set) var devicesNumbered = 0

    init(world: World, vm: String?) {
        if let vm, let guest = world.vm(named: vm) {
            ref = .vm(vm)
            name = vm
            coordinator = guest.vss
            metadata = WriterComponents(guest: guest.guest)
        } else {
            ref = .host(world.host.name)
            name = world.host.name
            coordinator = world.host.vss
            metadata = WriterComponents(host: world.host)
        }
        clock = world.clock
        hostFaults = world.hostFaults
    }

    public var isHost: Bool {
        if case .host = ref { return true }
        return false
    }

    /// The writers as GatherWriterStatus reports them now: the state the last session left.
    public var writerStatus: [WriterStatus] { coordinator.writerStatus }

    /// Whether the machine has a volume by that name (`C:`, `D:`).
    public func hasVolume(_ name: String) -> Bool { coordinator.volume(named: name) != nil }

    /// The volume names tools may add, in order.
    public var volumeNames: [String] { isHost ? ["C:"] : ["C:", "D:"] }

    /// The writer a tool names by `{guid}` (any case) or by name, among every writer of the
    /// machine (one that failed Identify included).
    public func writer(named text: String) -> WriterStatus? {
        let lowered = text.lowercased()
        return coordinator.allWriterStatus.first { $0.writerId.lowercased() == lowered || $0.name == text }
    }

    /// What a backup on this machine hands the writers once metadata is gathered: on a host,
    /// the Hyper-V writer gets its options (no image copy, the scenario's host faults).
    func prepareWriters(_ components: BackupComponents) throws(VSSError) {
        guard isHost else { return }
        try components.setBackupOptions(HyperVBackupOptions(imageCopy: nil, faults: hostFaults),
                                        forWriter: WriterIdentity.hyperV.name)
    }

    /// The time now on the scenario's clock.
    var now: Date { clock.startDate.addingTimeInterval(clock.now.milliseconds / 1000) }

    /// The next shadow copy device number.
    func numberDevice() -> Int {
        devicesNumbered += 1
        return devicesNumbered
    }

    /// Unexposes and deletes one shadow copy.
    func delete(_ shadow: FaceShadowCopy) {
        shadow.copy.unexpose()
        coordinator.volume(named: shadow.volume)?.deleteSnapshot(id: shadow.id)
        shadows.removeAll { $0 === shadow }
    }

    /// Unexposes and deletes every shadow copy left: the machine's tools are done.
    func deleteAllShadows() {
        for shadow in shadows { delete(shadow) }
    }
}
