/// qemu-ga's frozen flag and how each build moves it (reference §2.2). The guest's own
/// work (VSS, FIFREEZE, hooks, undoing a failed freeze) is the system's; this keeps only
/// what the agent itself decides: whether it is frozen afterwards.
struct AgentFreezeState {
    private(set) var isFrozen = false

    /// `guest-fsfreeze-freeze(-list)`, only ever reached while thawed (the allowlist
    /// refuses it while frozen).
    mutating func freeze(_ system: GuestAgentSystem, mountpoints: [String]?) throws(AgentError) -> Int {
        // Windows sets the flag before the requester runs and keeps it even for 0 volumes;
        // Linux sets it before FIFREEZE and drops it again when nothing was frozen.
        isFrozen = true
        let count: Int
        do {
            count = try system.agentFreeze(mountpoints: mountpoints)
        } catch {
            // Both builds thaw after a failed freeze; the system has already undone its part.
            isFrozen = false
            throw AgentError(.genericError, error.desc)
        }
        if system.agentPlatform == .linux && count == 0 { isFrozen = false }
        return count
    }

    /// `guest-fsfreeze-thaw`, also while thawed (Linux still runs its thaw hook then).
    mutating func thaw(_ system: GuestAgentSystem) throws(AgentError) -> Int {
        // Windows unsets the flag whatever `requester_thaw` answered; on Linux the only
        // failure the emulation can give, the thaw hook's, also comes after the thaw.
        defer { isFrozen = false }
        do {
            return try system.agentThaw()
        } catch {
            throw AgentError(.genericError, error.desc)
        }
    }
}
