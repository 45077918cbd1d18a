import Dispatch
import Foundation

/// A volume mounted in the foreground: the FUSE server, its control socket, and SIGINT /
/// SIGTERM ending it cleanly (held writes answered, mount removed).
public final class MountedVolume: Sendable {
    public let volume: VolumeDirectory
    public let server: FuseVolumeServer
    private let control: ControlServer

    public init(volume: VolumeDirectory, mountpoint: String) throws(VolumeError) {
        self.volume = volume
        let store = try volume.openStore()
        let server = try FuseVolumeServer(store: store, mountpoint: mountpoint,
                                          capacity: VolumeCapacity(limitBytes: volume.sizeBytes, liveRoot: store.liveRoot))
        self.server = server
        control = ControlServer(volumeDirectory: volume.path) { command in
            MountedVolume.answer(command, server: server)
        }
    }

    /// Mounts and starts answering commands; returns once the mount is usable.
    public func mount() throws(VolumeError) {
        try control.start()
        do {
            try server.mount()
        } catch {
            control.stop()
            throw error
        }
    }

    /// Serves until unmounted or signalled.
    public func run() {
        let server = self.server
        let signals = TerminationSignals {
            server.release()
            StaleMounts.unmount(server.mountpoint, lazy: true)
            server.stop()
        }
        server.run()
        withExtendedLifetime(signals) {}
        control.stop()
    }

    static func answer(_ line: String, server: FuseVolumeServer) -> String {
        let words = line.split(separator: " ").map(String.init)
        switch words.first {
        case "freeze":
            server.hold()
            return "ok frozen"
        case "thaw":
            server.release()
            return "ok thawed"
        case "snapshot":
            let id = UUID().uuidString.lowercased()
            do {
                return "ok \(try server.snapshot(id: id).id)"
            } catch {
                return "error \(error.message)"
            }
        case "delete" where words.count == 2:
            do {
                try server.store.deleteSnapshot(id: words[1])
                return "ok deleted"
            } catch {
                return "error \(error.message)"
            }
        case "fault":
            guard let rule = VolumeFaultRule(controlWords: Array(words.dropFirst())) else {
                return "error fault: expected OPERATION ERRNO|- LATENCY_MS PROBABILITY TIMES|- PATH|-"
            }
            server.faults.replace(server.faults.rules + [rule])
            return "ok \(server.faults.rules.count) fault rule(s)"
        case "faults-clear":
            server.faults.replace([])
            return "ok 0 fault rule(s)"
        case "status":
            return "ok mounted \(server.mountpoint) \(server.isHolding ? "frozen" : "thawed")"
        default:
            return "error unknown command '\(line)'; commands: freeze, thaw, snapshot, delete ID, fault …, faults-clear, status"
        }
    }
}
