import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One `snapwriter run SCENARIO --format json` as a child process, its stdout into a file:
/// the wall time from start to exit and its peak resident set from `wait4`'s rusage
/// (`ru_maxrss`), which only the parent that reaps the child can read.
struct FleetRun {
    let seconds: Double
    let peakRSSBytes: Int
    let exitStatus: Int32

    static func measure(executable: String, scenario: String, output: String) throws(BenchError) -> FleetRun {
        let arguments = [executable, "run", scenario, "--format", "json"]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, output + ".stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let start = Monotonic.now()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(executable) run \(scenario): errno \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("wait4 for snapwriter run \(scenario): errno \(errno)") }
        }
        let seconds = Monotonic.seconds(from: start)
        // ru_maxrss is in KiB on Linux.
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return FleetRun(seconds: seconds, peakRSSBytes: Int(usage.ru_maxrss) * 1024, exitStatus: exitStatus)
    }
}
