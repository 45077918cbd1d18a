#if canImport(Glibc)
import Glibc
#endif

/// CLOCK_MONOTONIC in nanoseconds: cheap enough to read around every 4 KiB write.
enum Monotonic {
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    static func seconds(from start: UInt64, to end: UInt64 = now()) -> Double {
        Double(end - start) / 1e9
    }

    /// Runs `body` and returns how long it took, in seconds.
    static func time<Failure: Error>(_ body: () throws(Failure) -> Void) throws(Failure) -> Double {
        let start = now()
        try body()
        return seconds(from: start)
    }
}
