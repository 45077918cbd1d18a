import Foundation

/// Which process serves a SnapWriter mount, written into the mount's source (`fsname`) as
/// `snapwriter:PID`, so that a later run can tell a dead server's mount from a live one by
/// reading /proc, never by looking anything up through the mount: a server killed while it
/// had a file open on its own mount waits, unkillable, in its exit for a reply only it could
/// send, and every lookup through that mount would wait with it.
public enum FuseServerProcess {
    /// The mount source naming this process as the server: `snapwriter:PID`, or
    /// `snapwriter-snapshot:PID` for an exposed snapshot.
    public static func source(_ name: String = "snapwriter") -> String { "\(name):\(getpid())" }

    /// The server's process id from a mount source; nil for a source of another form.
    public static func pid(inSource source: String) -> pid_t? {
        guard let colon = source.lastIndex(of: ":") else { return nil }
        return pid_t(source[source.index(after: colon)...])
    }

    /// Whether the process can no longer serve a mount: it is gone, a zombie, or killed and
    /// waiting in its exit (`ProcessIdentity` counts such a process as not running).
    public static func isGone(_ pid: pid_t) -> Bool { ProcessIdentity(running: pid) == nil }
}
