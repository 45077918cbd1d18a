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
    public var commitDelay: Duration = .zero
    private var random: SeededRandom

    /// Windows' own software provider.
    public init(random: SeededRandom) {
        name = WriterIdentity.softwareProviderName
        providerId = WriterIdentity.softwareProviderId
        makesShadowCopies = true
        self.random = random
    }

    /// A provider installed next to Windows' own one.
    public init(name: String, providerId: String, makesShadowCopies: Bool, random: SeededRandom) {
        self.name = name
        self.providerId = providerId
        self.makesShadowCopies = makesShadowCopies
        self.random = random
    }

    /// How long CommitSnapshots takes this time.
    func commitDuration() -> Duration {
        random.milliseconds(0.3, 2) + commitDelay
    }
}
