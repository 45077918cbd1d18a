import Foundation

/// SnapWriter mounts (`fuse.snapwriter` in /proc/self/mountinfo) that a killed process left
/// behind. Only mounts at or below the directory asked about are touched.
public enum StaleMounts {
    /// Mount points of SnapWriter file systems at or below `directory`.
    public static func snapwriterMounts(under directory: String) -> [String] {
        guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return [] }
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        return text.split(separator: "\n").compactMap { line -> String? in
            let halves = line.components(separatedBy: " - ")
            guard halves.count == 2, halves[1].hasPrefix("fuse.snapwriter ") else { return nil }
            let fields = halves[0].split(separator: " ")
            guard fields.count >= 5 else { return nil }
            let point = unescape(String(fields[4]))
            return point == root || point.hasPrefix(root + "/") ? point : nil
        }
    }

    /// True when the mount answers ENOTCONN: its server is gone. The mount point's own
    /// attributes may still be cached by the kernel for a moment after the server died, so
    /// a name never looked up before is asked for as well: that always reaches the server.
    public static func isStale(_ mountpoint: String) -> Bool {
        var status = stat()
        if stat(mountpoint, &status) != 0 { return errno == ENOTCONN }
        let probe = mountpoint + "/.snapwriter-probe-\(UInt64.random(in: 0...UInt64.max))"
        return stat(probe, &status) != 0 && errno == ENOTCONN
    }

    /// Lazily unmounts every stale SnapWriter mount under `directory`; returns what it cleaned.
    @discardableResult
    public static func clean(under directory: String) -> [String] {
        let stale = snapwriterMounts(under: directory).filter(isStale)
        for mountpoint in stale { unmount(mountpoint, lazy: true) }
        return stale
    }

    /// `fusermount3 -u` (or `-uz`); true when it succeeded.
    @discardableResult
    public static func unmount(_ mountpoint: String, lazy: Bool) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["fusermount3", lazy ? "-uz" : "-u", mountpoint]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// mountinfo escapes space, tab, newline and backslash as octal.
    private static func unescape(_ field: String) -> String {
        field.replacingOccurrences(of: "\\040", with: " ").replacingOccurrences(of: "\\011", with: "\t")
            .replacingOccurrences(of: "\\012", with: "\n").replacingOccurrences(of: "\\134", with: "\\")
    }
}
