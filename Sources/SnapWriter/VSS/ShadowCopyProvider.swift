/// The Microsoft Software Shadow Copy provider: commits the snapshots of a set while the
/// coordinator holds writes. `commitDelay` lets a test or fault stretch the commit.
public final class ShadowCopyProvider {
    public let name = WriterIdentity.softwareProviderName
    public let providerId = WriterIdentity.softwareProviderId
    public var commitDelay: Duration = .zero
    private var random: SeededRandom

    public init(random: SeededRandom) {
        self.random = random
    }

    /// How long CommitSnapshots takes this time.
    func commitDuration() -> Duration {
        random.milliseconds(0.3, 2) + commitDelay
    }
}
