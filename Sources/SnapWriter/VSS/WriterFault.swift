/// A fault armed on one writer: at an event, fail, hang or delay, some number of times.
/// The shape of Microsoft's VSS Test Writer settings.
public struct WriterFault: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case fail(WriterFailure, after: Duration = .zero)
        case hang
        case delay(Duration)
    }

    public let event: WriterEvent
    public let action: Action
    /// nil: every time.
    public var remaining: Int?

    public init(event: WriterEvent, action: Action, times: Int? = nil) {
        self.event = event
        self.action = action
        remaining = times
    }
}

/// Wraps a writer and lets armed faults answer for it. A `delay` runs the real writer after
/// the pause; `fail` and `hang` replace its answer.
public final class FaultInjectingWriter: Writer {
    public let inner: Writer
    private var faults: [WriterFault]

    public init(_ inner: Writer, faults: [WriterFault]) {
        self.inner = inner
        self.faults = faults
    }

    public var identity: WriterIdentity { inner.identity }

    /// The faults armed now.
    public var armedFaults: [WriterFault] { faults }

    /// Arms these faults instead, their counts starting again (`serve`'s fault rules).
    public func replaceFaults(_ faults: [WriterFault]) {
        self.faults = faults
    }

    public func serviceRestarted() { inner.serviceRestarted() }

    public func handle(_ event: WriterEvent, context: WriterEventContext) -> WriterResponse {
        guard let index = faults.firstIndex(where: { $0.event == event && $0.remaining != 0 }) else {
            return inner.handle(event, context: context)
        }
        if let remaining = faults[index].remaining { faults[index].remaining = remaining - 1 }
        let fault = faults[index]
        context.log.record(context.scope, "FaultInjected", "\(event.traceName): \(describe(fault.action))")
        switch fault.action {
        case .fail(let failure, let pause):
            return .failure(failure.hresult, after: pause)
        case .hang:
            return .hang
        case .delay(let pause):
            switch inner.handle(event, context: context) {
            case .success(let after): return .success(after: after + pause)
            case .failure(let code, let after): return .failure(code, after: after + pause)
            case .hang: return .hang
            }
        }
    }

    private func describe(_ action: WriterFault.Action) -> String {
        switch action {
        case .fail(let failure, let pause) where pause > .zero:
            "fail with \(failure.hresult.name) after \(pause.milliseconds) ms"
        case .fail(let failure, _): "fail with \(failure.hresult.name)"
        case .hang: "hang"
        case .delay(let pause): "delay \(pause.milliseconds) ms"
        }
    }
}
