/// A command qemu-ga registers: its name, parameters, whether it answers on success, the
/// builds that have it, and what SnapWriter does when it runs.
struct AgentCommand {
    enum Behaviour {
        case sync, syncDelimited, ping, info, getTime
        case fsfreezeStatus, fsfreezeFreeze, fsfreezeFreezeList, fsfreezeThaw
        /// Registered (so listed, checked and disabled while frozen) but not emulated.
        case notEmulated
    }

    let name: String
    let parameters: [AgentParameter]
    let successResponse: Bool
    let platforms: Set<GuestAgentPlatform>
    let behaviour: Behaviour

    /// `ga_freeze_allowlist`: the commands still enabled while file systems are frozen.
    static let allowedWhileFrozen: Set<String> = [
        "guest-ping", "guest-info", "guest-sync", "guest-sync-delimited", "guest-fsfreeze-status", "guest-fsfreeze-thaw",
    ]
}
