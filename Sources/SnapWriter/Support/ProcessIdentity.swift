import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A process as /proc knows it: its pid and the moment it started (clock ticks since boot).
/// A pid written down earlier can then be told apart from a later process that reuses the
/// number, so a process is never signalled, nor its directory kept, on a stranger's account.
public struct ProcessIdentity: Equatable, Sendable {
    public let pid: Int32
    public let startTime: UInt64

    /// This process.
    public static var current: ProcessIdentity? { ProcessIdentity(running: getpid()) }

    /// The process running as `pid` now; nil when there is none, or when it is only ending.
    /// Killed, a process that serves a FUSE mount and also uses it can hang in a request to
    /// that mount, or in its exit, for as long as the mount's connection lives, never to
    /// run again: it counts as gone.
    public init?(running pid: Int32) {
        guard pid > 0, let leader = Self.statFields("/proc/\(pid)/stat"), let started = UInt64(leader[19]) else { return nil }
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        guard tasks.contains(where: { Self.threadRuns("/proc/\(pid)/task/\($0)") }) else { return nil }
        self.pid = pid
        startTime = started
    }

    /// The fields of a /proc stat file from field 3 (state) on, so field n is at n - 3. The
    /// command name before them, in parentheses, may hold spaces; they may not.
    private static func statFields(_ path: String) -> [Substring]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let nameEnd = text.lastIndex(of: ")") else {
            return nil
        }
        let fields = text[text.index(after: nameEnd)...].split(separator: " ")
        return fields.count > 19 ? fields : nil
    }

    /// A thread that may still run: neither finished (zombie, dead), nor on its way out
    /// (PF_EXITING in its flags), nor with SIGKILL waiting for it or its process.
    private static func threadRuns(_ task: String) -> Bool {
        let exiting: UInt = 0x4
        guard let fields = statFields(task + "/stat"), fields[0] != "Z", fields[0] != "X", let flags = UInt(fields[6]),
            flags & exiting == 0, let status = try? String(contentsOfFile: task + "/status", encoding: .utf8)
        else { return false }
        let killSignal: UInt64 = 1 << (UInt64(SIGKILL) - 1)
        return !status.split(separator: "\n").contains { line in
            guard line.hasPrefix("SigPnd:") || line.hasPrefix("ShdPnd:"), let mask = line.split(separator: "\t").last else {
                return false
            }
            return (UInt64(mask, radix: 16) ?? 0) & killSignal != 0
        }
    }

    /// Reads a record written by `record`: "PID STARTTIME".
    public init?(record text: String) {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, let pid = Int32(fields[0]), pid > 0, let started = UInt64(fields[1]) else { return nil }
        self.pid = pid
        startTime = started
    }

    public var record: String { "\(pid) \(startTime)\n" }

    /// True while the process recorded is still the one running under its pid.
    public var isRunning: Bool { ProcessIdentity(running: pid) == self }

    /// Every process running now.
    public static func all() -> [ProcessIdentity] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { Int32($0).flatMap { ProcessIdentity(running: $0) } }
    }

    /// Its command line, one element per argument; empty when it cannot be read.
    public var arguments: [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Its working directory and the paths of the files it holds open, where /proc tells.
    public var pathsInUse: [String] {
        let fileDirectory = "/proc/\(pid)/fd"
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: fileDirectory)) ?? []
        return (["/proc/\(pid)/cwd"] + descriptors.map { fileDirectory + "/" + $0 })
            .compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: $0) }
    }
}
