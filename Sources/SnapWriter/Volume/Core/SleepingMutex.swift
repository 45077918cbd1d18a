#if canImport(Glibc)
import Glibc
#endif

/// A value guarded by a plain pthread mutex, which puts a contended locker to sleep at once.
/// Many libfuse threads contend for a volume's locks on two cores; a lock that spins first
/// burns the core the holder needs to finish.
final class SleepingMutex<Value>: @unchecked Sendable {
    // Safety: `value` is only touched between pthread_mutex_lock and _unlock.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
