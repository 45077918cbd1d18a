import SnapWriter

/// Mounted SnapWriter volumes as a Linux guest's agent sees its file systems, reached
/// through each volume's control socket. The list is rebuilt at every freeze and thaw, as
/// qemu-ga re-reads /proc/self/mountinfo: a volume that is no longer mounted is simply not
/// in it.
struct ControlledVolumeMounts {
    let directories: [String]

    /// The mounted ones, in the order given (their mount order).
    func mounts() -> [LinuxAgentMount] {
        directories.compactMap { directory in
            guard let status = Self.status(directory) else { return nil }
            return LinuxAgentMount(
                mountpoint: status.mountpoint,
                freeze: { () throws(GuestAgentFailure) -> LinuxAgentMount.FreezeOutcome in
                    // FIFREEZE on a file system already frozen is EBUSY.
                    guard let now = Self.status(directory) else {
                        throw GuestAgentFailure(desc: "failed to open \(status.mountpoint): Transport endpoint is not connected")
                    }
                    if now.frozen { return .alreadyFrozen }
                    guard ControlClient.send("freeze", toVolume: directory)?.hasPrefix("ok") == true else {
                        throw GuestAgentFailure(desc: "failed to freeze \(status.mountpoint): Input/output error")
                    }
                    return .frozen
                },
                thaw: {
                    guard Self.status(directory)?.frozen == true else { return false }
                    return ControlClient.send("thaw", toVolume: directory)?.hasPrefix("ok") == true
                })
        }
    }

    /// `ok mounted MOUNTPOINT frozen|thawed`, or nil when no server answers for the volume.
    static func status(_ directory: String) -> (mountpoint: String, frozen: Bool)? {
        guard let answer = ControlClient.send("status", toVolume: directory), answer.hasPrefix("ok mounted ") else { return nil }
        let rest = answer.dropFirst("ok mounted ".count)
        guard let space = rest.lastIndex(of: " ") else { return nil }
        return (String(rest[..<space]), rest[rest.index(after: space)...] == "frozen")
    }
}
