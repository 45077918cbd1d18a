import Foundation
import SnapWriter

/// Where a run's guest data volumes (`D:`) live: in memory, or on real FUSE mounts in the
/// run directory. Mounts are removed when the run closes; a run that finds mounts left by a
/// killed run in its directory cleans them first and says so.
public final class GuestVolumes {
    public let kind: Scenario.VolumeKind
    /// Where FUSE volumes are mounted; nil for memory volumes.
    public let runDirectory: String?
    /// Stale mounts this run found and cleaned before it started.
    public let cleanedStaleMounts: [String]
    private let removeWhenClosed: Bool
    private var made: [FuseGuestVolume] = []

    /// Memory volumes: nothing to mount or clean.
    public static var memory: GuestVolumes {
        GuestVolumes(kind: .memory, runDirectory: nil, cleaned: [], removeWhenClosed: false)
    }

    private init(kind: Scenario.VolumeKind, runDirectory: String?, cleaned: [String], removeWhenClosed: Bool) {
        self.kind = kind
        self.runDirectory = runDirectory
        cleanedStaleMounts = cleaned
        self.removeWhenClosed = removeWhenClosed
    }

    /// What the scenario asks for (`volumes:`), FUSE by default where /dev/fuse works. With
    /// `outDirectory` the volumes live in `outDirectory/volumes`; otherwise in a directory
    /// of their own under the system's temporary directory, removed at the end.
    public static func forScenario(_ scenario: Scenario, outDirectory: String? = nil) throws(RunError) -> GuestVolumes {
        let kind = scenario.volumes ?? (FuseAvailability.deviceUsable ? .fuse : .memory)
        guard kind == .fuse else { return .memory }
        guard FuseAvailability.deviceUsable else {
            throw .environment("the scenario asks for FUSE volumes (volumes: fuse) and /dev/fuse cannot be opened here; "
                + "use 'volumes: memory' or run where FUSE works")
        }
        let parent: String
        let directory: String
        do {
            if let outDirectory {
                parent = outDirectory
                directory = try ConfinedPath.make(outDirectory, "volumes")
            } else {
                parent = try ConfinedPath.make(FileManager.default.temporaryDirectory.path, "snapwriter-runs")
                directory = try ConfinedPath.make(parent, "run-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())")
            }
        } catch {
            throw .environment("cannot make the run directory: \(error.description)")
        }
        let cleaned = StaleMounts.clean(under: parent)
        if outDirectory != nil { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .environment("cannot create the run directory \(directory): \(error.localizedDescription)")
        }
        return GuestVolumes(kind: .fuse, runDirectory: directory, cleaned: cleaned, removeWhenClosed: outDirectory == nil)
    }

    /// `served`: false for a VM of a host another shard serves (`Shard`): its volume lives in
    /// memory here, with the same behaviour, and nothing is mounted for it.
    /// `name`: `D:` for Windows, `/data` for Linux; its directory is `D` or `data`.
    func makeDataVolume(vm: String, name: String = "D:", faults: VolumeFaultInjector, served: Bool = true)
        throws(RunError) -> any Volume & FileVolume {
        guard let runDirectory, served else { return MemoryVolume(name: name, faults: faults) }
        let directory: String
        do {
            // The VM's name passed its rule where it entered; encoded, it is one file name.
            directory = try ConfinedPath.make(runDirectory, FileNameEncoding.encode(vm),
                                              name.filter { $0 != ":" && $0 != "/" })
        } catch {
            throw .environment("cannot make \(vm)'s volume directory: \(error.description)")
        }
        do {
            let volume = try FuseGuestVolume(name: name, directory: directory, faults: faults)
            made.append(volume)
            return volume
        } catch {
            throw .environment("cannot mount \(vm)'s \(name) volume: \(error.message)")
        }
    }

    /// Unmounts every volume (held writes answered first) and removes a temporary run directory.
    public func close() {
        for volume in made { volume.close() }
        made.removeAll()
        if removeWhenClosed, let runDirectory { try? FileManager.default.removeItem(atPath: runDirectory) }
    }

    deinit { close() }
}
