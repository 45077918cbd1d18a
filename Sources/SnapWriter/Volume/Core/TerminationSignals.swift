import Dispatch
import Foundation

/// SIGINT and SIGTERM turned into one orderly stop for a foreground mount server: the
/// handler runs on a dispatch queue, not inside a signal handler, so it may unmount.
public final class TerminationSignals {
    private let sources: [DispatchSourceSignal]

    public init(onSignal stop: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: stop)
            source.resume()
            return source
        }
    }

    deinit { sources.forEach { $0.cancel() } }
}
