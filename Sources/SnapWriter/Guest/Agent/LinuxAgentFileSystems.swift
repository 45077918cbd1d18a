/// The QEMU guest agent's Linux build as it reaches a `LinuxGuest`: FIFREEZE on each file
/// system in reverse mount order (children before parents), counting those it froze; the
/// thaw walks them in mount order and counts each file system it thawed. A freeze holds
/// writes through each volume's freeze gate, as the kernel's freeze does. The fsfreeze
/// hook is off, as it is unless qemu-ga is started with `-F` (docs/fidelity.md K12).
public final class LinuxAgentFileSystems: GuestAgentSystem {
    public var agentPlatform: GuestAgentPlatform { .linux }

    private let guest: LinuxGuest
    private var scope: String { "\(guest.vss.scope)/qemu-ga" }

    public init(guest: LinuxGuest) {
        self.guest = guest
    }

    public func agentFreeze(mountpoints: [String]?) throws(GuestAgentFailure) -> Int {
        var frozen = 0
        // Invalid mount points are ignored; an already frozen file system (EBUSY) is not counted.
        for volume in guest.volumes.reversed() where mountpoints?.contains(volume.name) ?? true {
            guard !volume.isHoldingWrites else { continue }
            _ = volume.flush()
            volume.holdWrites()
            frozen += 1
        }
        guest.vss.log.record(scope, "FsFreeze", "\(frozen) file system(s) frozen")
        return frozen
    }

    public func agentThaw() throws(GuestAgentFailure) -> Int {
        var thawed = 0
        for volume in guest.volumes where volume.isHoldingWrites {
            volume.releaseWrites()
            thawed += 1
        }
        guest.vss.log.record(scope, "FsThaw", "\(thawed) file system(s) thawed")
        return thawed
    }
}
