/// A writer with nothing of its own to quiesce: the System, Registry, WMI and ASR writers
/// (and the host's), which answer every event after a short, seeded pause.
public final class StandardWriter: Writer {
    public let identity: WriterIdentity
    private var random: SeededRandom

    public init(identity: WriterIdentity, random: SeededRandom) {
        self.identity = identity
        self.random = random
    }

    public func handle(_ event: WriterEvent, context: WriterEventContext) -> WriterResponse {
        .success(after: random.milliseconds(0.2, 3))
    }
}
