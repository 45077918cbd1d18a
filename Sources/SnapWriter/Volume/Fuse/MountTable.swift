import Foundation

/// What /proc/self/mountinfo says about a path: the file system holding it. Read, never
/// looked up: the stale-mount cleanup and the bench use it on mounts whose server may hang.
public struct MountTable: Sendable {
    public struct Mount: Sendable, Equatable {
        public let point: String
        public let type: String
        public let source: String
        /// The file system's device, "major:minor".
        public let device: String
    }

    public let mounts: [Mount]

    public init() {
        let text = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        mounts = text.split(separator: "\n").compactMap { line in
            let halves = line.components(separatedBy: " - ")
            guard halves.count == 2 else { return nil }
            let before = halves[0].split(separator: " ")
            let after = halves[1].split(separator: " ")
            guard before.count >= 5, after.count >= 2 else { return nil }
            return Mount(point: Self.unescape(String(before[4])), type: String(after[0]), source: String(after[1]),
                         device: String(before[2]))
        }
    }

    /// The mount a path lives on: the last-mounted one with the longest matching prefix.
    public func mount(containing path: String) -> Mount? {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        return mounts.enumerated()
            .filter { target == $0.element.point || target.hasPrefix($0.element.point == "/" ? "/" : $0.element.point + "/") }
            .max { ($0.element.point.count, $0.offset) < ($1.element.point.count, $1.offset) }?.element
    }

    /// True when `mountpoint` is itself mounted with file system type `type`.
    public func isMounted(_ mountpoint: String, type: String) -> Bool {
        let target = Self.standardized(mountpoint)
        return mounts.contains { $0.point == target && $0.type == type }
    }

    /// FUSE file systems (of any server) mounted strictly inside `directory`, which must be
    /// spelled as the kernel spells it (absolute, symbolic links resolved).
    public func fuseMounts(under directory: String) -> [Mount] {
        let prefix = Self.standardized(directory) + "/"
        return mounts.filter { $0.point.hasPrefix(prefix) && $0.type.hasPrefix("fuse") }
    }

    /// Absolute, without `.` or `..`, never looked up: a lookup in a mount whose server hangs
    /// would hang too (which is why `isDirectory` is given).
    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL.path
    }

    private static func unescape(_ field: String) -> String {
        field.replacingOccurrences(of: "\\040", with: " ").replacingOccurrences(of: "\\011", with: "\t")
            .replacingOccurrences(of: "\\012", with: "\n").replacingOccurrences(of: "\\134", with: "\\")
    }
}
