import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SnapWriter mounts (`fuse.snapwriter` in /proc/self/mountinfo) that a killed process left
/// behind, and the one way every command (`run`, `volume`, `bench`, `serve`) gets rid of
/// them. Only mounts at or below the directory asked about are touched.
///
/// Unmounting alone is not enough: a killed process that served a mount and also had a file
/// open on it waits in its exit, unkillable, for a reply only it could have sent, until the
/// mount's connection is aborted. The kernel aborts it on a forced unmount, which needs no
/// fusectl; fusectl's `abort` file is the fallback where a forced unmount is refused.
public enum StaleMounts {
    /// Mount points of SnapWriter file systems at or below `directory`.
    public static func snapwriterMounts(under directory: String) -> [String] {
        let root = standardized(directory)
        return MountTable().mounts.filter { $0.type == fileSystemType && isAtOrBelow($0.point, root) }.map(\.point)
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

    /// Whether a mount's server can no longer answer. The server named in the mount's
    /// source is asked of /proc; only a mount whose server is alive (or whose source names
    /// none) is probed through the mount, which a live server answers at once.
    public static func isStale(_ mount: MountTable.Mount) -> Bool {
        if let pid = FuseServerProcess.pid(inSource: mount.source), FuseServerProcess.isGone(pid) { return true }
        return isStale(mount.point)
    }

    /// Aborts and unmounts every stale SnapWriter mount under `directory`; returns what it cleaned.
    @discardableResult
    public static func clean(under directory: String) -> [String] {
        let root = standardized(directory)
        let stale = MountTable().mounts.filter {
            $0.type == fileSystemType && isAtOrBelow($0.point, root) && isStale($0)
        }
        for mount in stale { release(mount) }
        return stale.map(\.point)
    }

    /// Releases the SnapWriter mount at `mountpoint` when its server is gone; true when there
    /// was one to release.
    @discardableResult
    public static func cleanIfStale(_ mountpoint: String) -> Bool {
        let point = standardized(mountpoint)
        guard let mount = MountTable().mounts.last(where: { $0.point == point && $0.type == fileSystemType }),
            isStale(mount)
        else { return false }
        release(mount)
        return true
    }

    /// How a mount was let go of.
    public struct Release: Sendable, Equatable {
        /// The connection was aborted: every request waiting on it failed at once.
        public let aborted: Bool
        /// The mount is gone from the mount table.
        public let unmounted: Bool
    }

    /// Aborts the connection of the SnapWriter mount at `mountpoint` and unmounts it; nil
    /// when nothing of SnapWriter is mounted there.
    @discardableResult
    public static func release(_ mountpoint: String) -> Release? {
        let point = standardized(mountpoint)
        guard let mount = MountTable().mounts.last(where: { $0.point == point && $0.type == fileSystemType }) else {
            return nil
        }
        return release(mount)
    }

    /// Aborts the connection of `mount`, whose server is dead or must not be waited for,
    /// and unmounts it. Nothing is looked up through the mount (a request to a hung server
    /// would hang too). Callers must own the mount: any FUSE server's is aborted.
    ///
    /// 1. A forced unmount, which aborts the connection in the kernel (also when the mount
    ///    is busy and stays) and, when nothing holds it, unmounts it too. It needs root.
    /// 2. If it was refused: fusectl's `abort` file, when fusectl is mounted (it lets a
    ///    mount's owner abort without root) or, as root, on a fusectl mounted for the
    ///    purpose and unmounted again, so the machine is left as found.
    /// 3. A normal unmount, and a lazy one as the last resort, for a mount still busy.
    @discardableResult
    public static func release(_ mount: MountTable.Mount) -> Release {
        if umount2(mount.point, Int32(MNT_FORCE)) == 0 { return Release(aborted: true, unmounted: true) }
        // EBUSY comes after the kernel has aborted the connection; any other error before.
        let aborted = errno == EBUSY || FuseControlFiles.abort(device: mount.device)
        return Release(aborted: aborted, unmounted: unmount(mount.point))
    }

    /// Unmounts a mount whose server is alive and stopping: umount2 as root (no process
    /// to start, which is most of an unmount's time), else `fusermount3 -u`; lazily when it
    /// is busy. True when it is gone from the mount table.
    @discardableResult
    public static func unmountServed(_ mountpoint: String) -> Bool {
        if umount2(mountpoint, 0) == 0 { return true }
        return unmount(mountpoint, lazy: false) || umount2(mountpoint, Int32(MNT_DETACH)) == 0
            || unmount(mountpoint, lazy: true)
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

    static let fileSystemType = "fuse.snapwriter"

    /// A normal unmount, then a lazy one; through umount2 as root, through fusermount3
    /// (which may unmount the user's own FUSE mounts) otherwise.
    private static func unmount(_ mountpoint: String) -> Bool {
        if umount2(mountpoint, 0) == 0 || umount2(mountpoint, Int32(MNT_DETACH)) == 0 { return true }
        return unmount(mountpoint, lazy: false) || unmount(mountpoint, lazy: true)
    }

    /// Absolute, without `.` or `..`, never looked up (hence `isDirectory`): a lookup in a
    /// mount whose server hangs would hang too.
    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL.path
    }

    private static func isAtOrBelow(_ point: String, _ root: String) -> Bool {
        point == root || point.hasPrefix(root == "/" ? "/" : root + "/")
    }
}
