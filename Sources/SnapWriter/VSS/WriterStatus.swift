/// What GatherWriterStatus reports for one writer: the state and the failure code.
/// A failed state sticks until the writer's hosting service restarts.
public struct WriterStatus: Sendable, Equatable {
    public let name: String
    public let writerId: String
    public var instanceId: String
    public var state: WriterState
    public var lastError: HResult
    /// False when the writer failed Identify: it then vanishes from metadata and status.
    public var inMetadata: Bool

    public init(identity: WriterIdentity, instanceId: String) {
        name = identity.name
        writerId = identity.writerId
        self.instanceId = instanceId
        state = .stable
        lastError = .ok
        inMetadata = true
    }
}
