/// Which release of the QEMU guest agent's Windows build runs in a guest: it decides how a
/// VSS failure reads in the agent's answer. QEMU 10.2 (commit edf3780a7d) writes
/// `fmt: Windows error 0x…: ` and then the system's text; earlier releases `fmt: ` and the
/// text. VSS's own codes have no system text, so such a message ends in `": "`.
public struct WindowsAgentBuild: Sendable, Equatable {
    /// What `guest-info` reports as `version`.
    public let version: String
    /// Whether the message carries `Windows error 0x…` (QEMU 10.2 and later).
    public let namesWindowsError: Bool

    public init(version: String, namesWindowsError: Bool) {
        self.version = version
        self.namesWindowsError = namesWindowsError
    }

    /// The build every guest runs here (docs/fidelity.md K5).
    public static let current = WindowsAgentBuild(version: "10.2.0", namesWindowsError: true)
    /// A build before 10.2, for tests of the older wording.
    public static let before10_2 = WindowsAgentBuild(version: "10.1.0", namesWindowsError: false)

    /// The agent's text for a failed VSS call: `failed to prepare for backup: Windows error 0x80042301: `.
    public func message(_ text: String, _ code: HResult) -> String {
        let system = Self.systemText[code] ?? ""
        guard namesWindowsError else { return "\(text): \(system)" }
        return "\(text): Windows error 0x\(String(code.rawValue, radix: 16)): \(system)"
    }

    /// `g_win32_error_message` of the codes the agent may pass it: empty for VSS's own
    /// codes, as the one observed case (0x8004230e) shows; E_FAIL's English text.
    static let systemText: [HResult: String] = [HResult.genericFailure: "Unspecified error"]
}
