import SnapWriter

/// A VM's agent channel as its KVM host holds it: the virtio-serial port behind the
/// chardev socket, through which bytes reach the agent in the guest and its answers come
/// back. Nothing else of the guest crosses it. An agent that is not running (stopped, or
/// never started in the guest) reads nothing and answers nothing.
public final class GuestAgentPort {
    /// Hands bytes to the agent and returns what it wrote back.
    private let deliver: ([UInt8]) -> [UInt8]
    /// Whether the agent service runs in the guest.
    public var agentRunning: Bool

    public init(agentRunning: Bool, deliver: @escaping ([UInt8]) -> [UInt8]) {
        self.agentRunning = agentRunning
        self.deliver = deliver
    }

    /// The agent's answer to `bytes`, or nil when nothing answers.
    public func exchange(_ bytes: [UInt8]) -> [UInt8]? {
        agentRunning ? deliver(bytes) : nil
    }
}
