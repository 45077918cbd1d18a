/// A Linux guest's file systems as the agent reaches them.
extension LinuxGuest {
    /// Its file systems as the QEMU guest agent's FIFREEZE and FITHAW reach them, in mount
    /// order; each freezes through its volume's freeze gate.
    public var agentMounts: [LinuxAgentMount] {
        volumes.map { LinuxAgentMount.volume($0, mountpoint: $0.name) }
    }
}
