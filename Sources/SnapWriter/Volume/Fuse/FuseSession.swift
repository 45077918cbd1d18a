import CFuse
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One libfuse low-level session: mount with an operations table, serve on the
/// multi-threaded loop, unmount and free when the loop ends.
final class FuseSession: @unchecked Sendable {
    // Safety: `session` is only read or changed under `lock`. An unmount from outside ends
    // the loop, so the loop's thread can be destroying the session at the very moment
    // another thread asks it to stop: without the lock that stop wrote into freed memory.
    let mountpoint: String
    private var session: OpaquePointer?
    private let lock = NSLock()

    /// Enough workers that sixteen writers issuing direct writes to one file in parallel
    /// (a database's queue depth, the bench's QD16) each find one; a held request is parked,
    /// not waited on, so holds never use these up.
    static let maxThreads: UInt32 = 16
    /// Workers kept waiting between bursts; the rest end, so an idle mount holds few threads.
    static let maxIdleThreads: UInt32 = 4

    init(mountpoint: String) {
        self.mountpoint = mountpoint
    }

    /// Mounts with `-o options`; requests reach `userdata` through fuse_req_userdata.
    func mount(options: String, operations: fuse_lowlevel_ops, userdata: UnsafeMutableRawPointer,
               volume: String) throws(VolumeError) {
        var ops = operations
        let arguments = ["snapwriter", "-o", options]
        var argv = arguments.map { strdup($0) }
        defer { argv.forEach { free($0) } }
        guard let made = CFuse_sessionNew(Int32(argv.count), &argv, &ops, userdata) else {
            throw VolumeError(volume: volume, message: "fuse_session_new failed")
        }
        guard fuse_session_mount(made, mountpoint) == 0 else {
            fuse_session_destroy(made)
            throw VolumeError(volume: volume,
                              message: "cannot mount on \(mountpoint) (is it an empty directory? is /dev/fuse usable?)")
        }
        lock.withLock { session = made }
    }

    /// Serves until `stop()` or an unmount; `beforeUnmount` runs once the loop has ended.
    func run(beforeUnmount: () -> Void = {}) {
        guard let running = lock.withLock({ session }) else { return }
        _ = CFuse_sessionLoopMultiThreaded(running, Self.maxThreads, Self.maxIdleThreads)
        beforeUnmount()
        lock.withLock {
            fuse_session_unmount(running)
            fuse_session_destroy(running)
            session = nil
        }
    }

    /// Asks the loop to end; does nothing once the loop has ended and freed the session.
    func stop() {
        lock.withLock {
            if let session { fuse_session_exit(session) }
        }
    }
}
