/// The guest operating system as the QEMU guest agent reaches it: the agent's freeze and
/// thaw commands end here, in the guest's VSS (Windows) or its file systems (Linux). The
/// agent calls one method at a time, as qemu-ga runs one command at a time in its main
/// loop; whoever owns the agent keeps its calls serial.
public protocol GuestAgentSystem: AnyObject {
    /// Decides the agent's freeze-state rules, which differ between the two builds
    /// (reference/qemu-guest-agent.md §2.2).
    var agentPlatform: GuestAgentPlatform { get }

    /// `guest-fsfreeze-freeze` (`mountpoints` nil) or `guest-fsfreeze-freeze-list`. Returns
    /// the number of volumes frozen, answered while their writes are held. A thrown
    /// failure's `desc` is the agent's error text, word for word.
    func agentFreeze(mountpoints: [String]?) throws(GuestAgentFailure) -> Int

    /// `guest-fsfreeze-thaw`. Returns the number of volumes thawed (0 when none was frozen).
    func agentThaw() throws(GuestAgentFailure) -> Int
}

/// Which build of the agent runs in the guest.
public enum GuestAgentPlatform: String, Sendable, Equatable {
    case windows
    case linux
}

/// An agent command that failed inside the guest: answered as a `GenericError` whose
/// `desc` is this text.
public struct GuestAgentFailure: Error, Equatable, Sendable {
    public let desc: String

    public init(desc: String) {
        self.desc = desc
    }
}
