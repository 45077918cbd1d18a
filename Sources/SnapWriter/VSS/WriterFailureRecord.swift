/// One writer failing one event: what a requester reports when it gives up.
public struct WriterFailureRecord: Sendable, Equatable {
    public let writer: String
    public let event: WriterEvent
    public let hresult: HResult
    public let state: WriterState

    public init(writer: String, event: WriterEvent, hresult: HResult, state: WriterState) {
        self.writer = writer
        self.event = event
        self.hresult = hresult
        self.state = state
    }
}
