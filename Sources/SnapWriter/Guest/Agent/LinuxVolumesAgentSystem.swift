/// A Linux guest under qemu-ga's freeze and thaw (`qga/commands-linux.c`, reference §5): the
/// fsfreeze hook "freeze" first, then FIFREEZE on each mount in reverse mount order
/// (children before parents), counting only the ones that froze; a failure thaws
/// everything and is the answer. Thaw walks the mounts in mount order, counts each one
/// that was frozen once, then runs the hook "thaw", even when nothing was frozen.
public final class LinuxVolumesAgentSystem: GuestAgentSystem {
    /// The hook's argument: `fsfreeze-hook freeze` / `fsfreeze-hook thaw`.
    public enum HookPhase: String, Sendable {
        case freeze
        case thaw
    }

    public let agentPlatform = GuestAgentPlatform.linux
    private let mounts: () -> [LinuxAgentMount]
    private let hook: ((HookPhase) throws(GuestAgentFailure) -> Void)?

    /// `mounts` is asked at every freeze and thaw, in mount order, as qemu-ga re-reads
    /// /proc/self/mountinfo each time; `fsfreezeHook` is nil when no hook is configured
    /// (qemu-ga's default).
    public init(mounts: @escaping () -> [LinuxAgentMount],
                fsfreezeHook: ((HookPhase) throws(GuestAgentFailure) -> Void)? = nil) {
        self.mounts = mounts
        hook = fsfreezeHook
    }

    public convenience init(mounts: [LinuxAgentMount]) {
        self.init(mounts: { mounts })
    }

    public func agentFreeze(mountpoints: [String]?) throws(GuestAgentFailure) -> Int {
        try hook?(.freeze)
        let list = mounts()
        var count = 0
        // An entry of `mountpoints` that names no mount is ignored, as qemu-ga ignores it.
        for mount in list.reversed() where mountpoints.map({ $0.contains(mount.mountpoint) }) ?? true {
            do {
                if try mount.freeze() == .frozen { count += 1 }
            } catch {
                // qemu-ga thaws through guest-fsfreeze-thaw itself, hook included, errors dropped.
                _ = try? agentThaw()
                throw error
            }
        }
        return count
    }

    public func agentThaw() throws(GuestAgentFailure) -> Int {
        let count = mounts().filter { $0.thaw() }.count
        try hook?(.thaw)
        return count
    }
}
