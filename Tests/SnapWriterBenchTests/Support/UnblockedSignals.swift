#if canImport(Glibc)
import Glibc
#endif

/// Runs `body`, which starts child processes, with no signal blocked on this thread. A child
/// inherits the signal mask of the thread that starts it, and the threads tests run on block
/// most signals, so without this a child would never see the SIGTERM a shell's child sees.
func withSignalsUnblocked<T>(_ body: () throws -> T) rethrows -> T {
    var none = sigset_t()
    var saved = sigset_t()
    sigemptyset(&none)
    pthread_sigmask(SIG_SETMASK, &none, &saved)
    defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
    return try body()
}
