import Foundation

/// The one way SnapWriter makes a path it writes: a root (the run directory, `--out`, a
/// volume's directory) and components, each one file name. A component that is empty, `.`,
/// `..`, or holds a `/` or a NUL is a programming error, not bad input: names from outside
/// are refused where they enter and encoded (`FileNameEncoding`) before they get here, so
/// such a component means a path was built wrong, and the process stops rather than write
/// outside the root. A symbolic link already under the root that leads out of it is not
/// followed: that is a refusal the caller reports.
public enum ConfinedPath {
    /// Why a path was not made: a symbolic link under the root leads out of it.
    public struct Escape: Error, CustomStringConvertible {
        public let path: String
        public let link: String
        public var description: String {
            "\(path): the symbolic link \(link) leads out of the directory it is in; it is not followed"
        }
    }

    /// Why `component` may not be one, or nil when it may.
    public static func refusal(of component: String) -> String? {
        if component.isEmpty { return "an empty component" }
        if component == "." || component == ".." { return "the component '\(component)'" }
        if component.contains("/") { return "a component with a '/'" }
        if component.unicodeScalars.contains("\u{0}") { return "a component with a NUL" }
        return nil
    }

    /// `root/c1/c2/…`. Stops the process on a component `refusal(of:)` refuses; throws when
    /// an existing symbolic link on the way leads out of `root`.
    public static func make(_ root: String, _ components: String...) throws(Escape) -> String {
        try make(root, components)
    }

    public static func make(_ root: String, _ components: [String]) throws(Escape) -> String {
        precondition(!root.unicodeScalars.contains("\u{0}"), "a path root with a NUL")
        for component in components {
            if let refusal = refusal(of: component) {
                preconditionFailure("refused to make a path under \(root) from \(refusal): \(components)")
            }
        }
        var path = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        let realRoot = resolved(root)
        // Only what exists can be a link; once a component does not, nothing below it does.
        var checking = realRoot != nil
        for component in components {
            path += path == "/" ? component : "/" + component
            guard checking, let realRoot else { continue }
            var status = stat()
            guard lstat(path, &status) == 0 else {
                checking = false
                continue
            }
            if status.st_mode & S_IFMT == S_IFLNK {
                guard let target = resolved(path), target == realRoot || target.hasPrefix(realRoot + "/") else {
                    throw Escape(path: path, link: path)
                }
            }
        }
        return path
    }

    /// The path with every symbolic link resolved; nil when it does not exist (or a link on it
    /// dangles).
    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
