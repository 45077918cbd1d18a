import SnapWriter

/// What a KVM host's backup did with one VM's guest agent: the calls it made, in order,
/// with their answers, and the lines it logged about them in Proxmox VE's words.
public struct GuestAgentReport: Sendable {
    public var calls: [GuestAgentCall] = []
    public var log: [String] = []
    /// Whether the guest answered the freeze with a count: its file systems were frozen
    /// through the agent when the host took its snapshot.
    public var frozen = false

    public init() {}
}
