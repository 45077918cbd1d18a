import SnapWriter

/// A fault rule: which writer on which VM, at which event, does what, how often.
public struct FaultRule: Sendable {
    public enum Action: Sendable, Equatable {
        /// Fail with this error, after a pause (`delayMs`, 0 when not written).
        case fail(WriterFailure, afterMilliseconds: Int)
        case hang
        case delay(milliseconds: Int)
    }

    /// nil: the host (the Hyper-V writer and the host's own system writers).
    public var vm: String?
    public var writer: String
    public var event: WriterEvent
    public var action: Action
    /// nil: every time.
    public var times: Int?
    public var location: SourceLocation?

    public init(vm: String?, writer: String, event: WriterEvent, action: Action, times: Int? = nil,
                location: SourceLocation? = nil) {
        self.vm = vm
        self.writer = writer
        self.event = event
        self.action = action
        self.times = times
        self.location = location
    }
}
