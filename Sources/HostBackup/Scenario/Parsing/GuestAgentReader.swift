/// Reads a VM's `guestAgent: { vssOption, running }` and checks the keys that only make
/// sense for some VMs: an agent only on a KVM host, `vssOption` only on Windows.
enum GuestAgentReader {
    static let keys = ["vssOption", "running"]

    static func read(_ node: LocatedNode, os: GuestOS) throws(ScenarioError) -> GuestAgentSpec {
        var agent = GuestAgentSpec()
        if node.isNull { return agent }
        let fields = try node.mapping(allowed: keys)
        if let option = fields["vssOption"] {
            guard os == .windows else {
                throw option.error("vssOption is a registry value of the agent's Windows build; this VM runs linux, "
                    + "whose agent freezes file systems without VSS")
            }
            // A REG_DWORD: whatever is written there is stored, and read at the next freeze.
            agent.vssOption = try option.integer(in: 0...Int(UInt32.max))
        }
        if let running = fields["running"] { agent.running = try running.bool() }
        return agent
    }
}
