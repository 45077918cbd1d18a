/// One mounted file system as a Linux guest's qemu-ga reaches it: FIFREEZE and FITHAW on
/// its mount point. A volume SnapWriter emulates is one; so is anything that can hold and
/// release its writes.
public struct LinuxAgentMount {
    /// What FIFREEZE answered.
    public enum FreezeOutcome: Equatable, Sendable {
        case frozen
        /// EBUSY, "a consecutive attempt to freeze an already frozen filesystem": ignored, not counted.
        case alreadyFrozen
        /// EOPNOTSUPP, a file system that cannot freeze: ignored, not counted.
        case unsupported
    }

    public let mountpoint: String
    /// FIFREEZE; a thrown failure's `desc` is qemu-ga's text ("failed to freeze /: …").
    let freeze: () throws(GuestAgentFailure) -> FreezeOutcome
    /// FITHAW repeated until it fails: true when at least one call succeeded.
    let thaw: () -> Bool

    public init(mountpoint: String, freeze: @escaping () throws(GuestAgentFailure) -> FreezeOutcome,
                thaw: @escaping () -> Bool) {
        self.mountpoint = mountpoint
        self.freeze = freeze
        self.thaw = thaw
    }

    /// An emulated volume: FIFREEZE flushes and holds its writes (EBUSY when already
    /// held), FITHAW releases them.
    public static func volume(_ volume: Volume, mountpoint: String) -> LinuxAgentMount {
        LinuxAgentMount(
            mountpoint: mountpoint,
            freeze: {
                if volume.isHoldingWrites { return .alreadyFrozen }
                _ = volume.flush()
                volume.holdWrites()
                return .frozen
            },
            thaw: {
                guard volume.isHoldingWrites else { return false }
                volume.releaseWrites()
                return true
            })
    }
}
