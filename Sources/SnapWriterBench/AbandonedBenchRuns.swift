import Foundation
import SnapWriter
#if canImport(Glibc)
import Glibc
#endif

/// Run directories that earlier benches left in a parent directory when they were killed
/// outright (SIGKILL, a crash), where `BenchInterruption` never got to run: the volume's
/// mount with its connection dead, the C passthrough still serving its mount as an orphan,
/// and the directory itself. A bench cleans these before it measures, so runs killed one
/// after another do not pile up mounts that nothing would ever unmount.
///
/// A directory counts as abandoned only when the bench that made it is gone: its
/// `bench.pid` names a process no longer running (same pid and start time; one stuck in
/// its exit counts as gone), or, without
/// that record, nothing running names, works in or holds open anything in it, and it has
/// stood unchanged long enough that it is not a bench that has yet to write its record.
public enum AbandonedBenchRuns {
    /// What was done about one abandoned run directory.
    public struct Cleanup: Sendable, CustomStringConvertible {
        public let directory: String
        /// FUSE mounts that were still inside it.
        public let staleMounts: Int
        /// The orphaned C passthrough that was ended, if one was still running.
        public let endedPassthrough: Int32?
        public let removed: Bool

        public var description: String {
            var details = ["\(staleMounts) stale mount\(staleMounts == 1 ? "" : "s")"]
            if let endedPassthrough { details.append("ended its C passthrough, pid \(endedPassthrough)") }
            if !removed { details.append("the directory could not be removed") }
            return "cleaned up after an interrupted bench run: \(directory) (\(details.joined(separator: "; ")))"
        }
    }

    /// How long a run directory without a `bench.pid` must have stood unchanged before it
    /// may be abandoned: a bench writes the record right after making the directory.
    static let unrecordedGrace: TimeInterval = 60

    /// Cleans every abandoned `snapwriter-bench-*` directory directly in `parent`.
    public static func clean(in parent: String) -> [Cleanup] {
        let parent = BenchRunDirectory.absolute(parent)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        return names.filter { $0.hasPrefix(BenchRunDirectory.namePrefix) }.sorted()
            .map { BenchRunDirectory(path: parent + "/" + $0) }
            .filter(isAbandoned)
            .map(cleanUp)
    }

    static func isAbandoned(_ run: BenchRunDirectory) -> Bool {
        var status = stat()
        guard lstat(run.path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return false }
        if let owner = run.owner { return !owner.isRunning }
        let age = Date().timeIntervalSince1970 - TimeInterval(status.st_mtim.tv_sec)
        return age >= unrecordedGrace && !ProcessIdentity.all().contains { run.isUsed(by: $0) }
    }

    /// Ends the passthrough, aborts the connection of what is still mounted inside (which
    /// lets a killed bench still hanging in its exit on its own volume's mount finish) and
    /// unmounts it, the way every stale mount is let go of (`StaleMounts.release`, which
    /// needs no fusectl), and removes the directory. Nothing is looked up through those
    /// mounts: a request to one whose server hangs would hang too. The mounts are counted
    /// first: the passthrough unmounts its own on SIGTERM.
    static func cleanUp(_ run: BenchRunDirectory) -> Cleanup {
        let mounted = MountTable().fuseMounts(under: run.resolvedPath)
        let ended = endPassthrough(of: run)
        for mount in MountTable().fuseMounts(under: run.resolvedPath) { StaleMounts.release(mount) }
        let removed = (try? FileManager.default.removeItem(atPath: run.path)) != nil
        return Cleanup(directory: run.path, staleMounts: mounted.count, endedPassthrough: ended, removed: removed)
    }

    /// SIGTERM, then SIGKILL after 3 s, to the recorded passthrough if it still runs and is
    /// the one this directory's bench started (its arguments name the directory).
    private static func endPassthrough(of run: BenchRunDirectory) -> Int32? {
        guard let passthrough = run.passthrough, passthrough.isRunning, run.isNamed(byArgumentsOf: passthrough) else {
            return nil
        }
        for (signalNumber, patience) in [(SIGTERM, 300), (SIGKILL, 300)] where passthrough.isRunning {
            kill(passthrough.pid, signalNumber)
            for _ in 0..<patience where passthrough.isRunning { Thread.sleep(forTimeInterval: 0.01) }
        }
        return passthrough.pid
    }
}
