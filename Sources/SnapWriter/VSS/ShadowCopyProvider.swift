/// A shadow copy provider: commits the snapshots of a set while the coordinator holds
/// writes. Windows' own software provider makes shadow copies; a provider that makes none
/// (the QEMU guest agent's, whose CommitSnapshots only signals the agent and waits for it)
/// leaves the copy to whoever stands outside the machine. `commitDelay` lets a test or
/// fault stretch the commit.
public final class ShadowCopyProvider {
    public let name: String
    public let providerId: String
    /// Whether CommitSnapshots makes the set's shadow copies (Windows' software provider),
    /// or returns with none, the set's volumes having been held for someone else's snapshot.
    public let makesShadowCopies: Bool
    /// How it is registered, as `vssadmin list providers` and diskshadow's `list providers`
    /// show it.
    public let registration: Registration
    public var commitDelay: Duration = .zero
    private var random: SeededRandom

    /// Windows' own software provider.
    public init(random: SeededRandom) {
        name = WriterIdentity.softwareProviderName
        providerId = WriterIdentity.softwareProviderId
        makesShadowCopies = true
        registration = Registration(type: .system, version: "1.0.0.7", classId: "{65ee1dba-8ff4-4a58-ac1c-3470ee2f376a}")
        self.random = random
    }

    /// A provider installed next to Windows' own one.
    public init(name: String, providerId: String, makesShadowCopies: Bool, registration: Registration,
                random: SeededRandom) {
        self.name = name
        self.providerId = providerId
        self.makesShadowCopies = makesShadowCopies
        self.registration = registration
        self.random = random
    }

    /// How long CommitSnapshots takes this time.
    func commitDuration() -> Duration {
        random.milliseconds(0.3, 2) + commitDelay
    }
}

extension ShadowCopyProvider {
    /// A provider's registration with VSS: its VSS_PROVIDER_TYPE, version and COM class.
    public struct Registration: Sendable, Equatable {
        public enum Kind: Int, Sendable {
            case system = 1
            case software = 2

            /// vssadmin's `Provider type:` label.
            public var vssadminLabel: String { self == .system ? "System" : "Software" }
            /// The VSS_PROVIDER_TYPE name diskshadow prints.
            public var typeName: String { self == .system ? "VSS_PROV_SYSTEM" : "VSS_PROV_SOFTWARE" }
        }

        public let type: Kind
        public let version: String
        public let classId: String

        public init(type: Kind, version: String, classId: String) {
            self.type = type
            self.version = version
            self.classId = classId
        }
    }
}
