import SnapWriter

/// One agent command a KVM host sent and what came back: the return value, the agent's
/// error, or nothing within the host's timeout.
public struct GuestAgentCall: Sendable {
    public enum Answer: Sendable {
        case returned(JSONValue)
        case error(errorClass: String, desc: String)
        /// Nothing came back within the timeout (the host waited it out).
        case timedOut
        /// Bytes came back that the host could not read as the two lines it expects.
        case unreadable(String)
    }

    public let command: String
    /// The host's limit for this command, Proxmox's.
    public let timeout: Duration
    /// When the host sent it, on the run's clock.
    public let sentAt: Duration
    public let answer: Answer

    /// The agent's `desc`, or the host's own words for a call that got no usable answer.
    public var failureText: String? {
        switch answer {
        case .returned: nil
        case .error(_, let desc): desc
        case .timedOut: "got timeout"
        case .unreadable(let why): why
        }
    }

    public var returned: JSONValue? {
        if case .returned(let value) = answer { return value }
        return nil
    }
}
