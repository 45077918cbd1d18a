import Foundation
import SnapWriter
#if canImport(Glibc)
import Glibc
#endif

/// One bench run's temporary directory, `<parent>/snapwriter-bench-XXXXXX`, with the
/// records a later run needs if this one is killed outright (SIGKILL, a crash) and no
/// handler gets to clean up: `bench.pid` names the process running the bench,
/// `passthrough.pid` the C passthrough it started. Each holds "PID STARTTIME", so a pid
/// reused by an unrelated process is not mistaken for the one recorded.
struct BenchRunDirectory: Sendable {
    static let namePrefix = "snapwriter-bench-"

    /// Absolute, so the passthrough's command line names it the way a later run looks for it.
    let path: String

    init(path: String) {
        self.path = path
    }

    /// Makes a fresh run directory in `parent` and records this process as its owner.
    static func make(in parent: String) throws(BenchError) -> BenchRunDirectory {
        var template = Array((absolute(parent) + "/" + namePrefix + "XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchError.posix("mkdtemp in \(parent)") }
        let run = BenchRunDirectory(path: String(cString: made))
        if let owner = ProcessIdentity.current { run.write(owner, to: run.benchRecord) }
        return run
    }

    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL.path }

    var benchRecord: String { path + "/bench.pid" }
    var passthroughRecord: String { path + "/passthrough.pid" }

    /// The process that ran the bench, as recorded; nil without a readable record.
    var owner: ProcessIdentity? { read(benchRecord) }

    /// The C passthrough the bench started, as recorded.
    var passthrough: ProcessIdentity? { read(passthroughRecord) }

    /// Records the C passthrough's process the moment it exists.
    func recordPassthrough(pid: Int32) {
        if let started = ProcessIdentity(running: pid) { write(started, to: passthroughRecord) }
    }

    /// The directory's path as the mount table spells it (symbolic links resolved).
    var resolvedPath: String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// True when one of the arguments `process` was started with lies inside this directory:
    /// the passthrough is started as `<run>/passthrough <run>/passthrough-src <run>/passthrough-mnt`.
    func isNamed(byArgumentsOf process: ProcessIdentity) -> Bool {
        let spellings = self.spellings
        return process.arguments.contains { Self.path($0, isInside: spellings) }
    }

    /// True when `process` names this directory in its arguments, works in it or holds a
    /// file in it open: what tells a live owner when no `bench.pid` says who that is.
    func isUsed(by process: ProcessIdentity) -> Bool {
        let spellings = self.spellings
        return isNamed(byArgumentsOf: process)
            || process.pathsInUse.contains { spellings.contains($0) || Self.path($0, isInside: spellings) }
    }

    /// The path as given and as the kernel reports it.
    private var spellings: [String] { Array(Set([path, resolvedPath])) }

    private static func path(_ other: String, isInside spellings: [String]) -> Bool {
        spellings.contains { other.hasPrefix($0 + "/") }
    }

    private func read(_ record: String) -> ProcessIdentity? {
        (try? String(contentsOfFile: record, encoding: .utf8)).flatMap { ProcessIdentity(record: $0) }
    }

    /// Written to a temporary name and renamed, so a reader never sees half a record.
    private func write(_ identity: ProcessIdentity, to record: String) {
        try? identity.record.write(toFile: record, atomically: true, encoding: .utf8)
    }
}
