import Foundation
import SnapWriter

/// A shadow copy a face made, with what diskshadow and vshadow print about it: its device
/// number, its attributes and the alias a script gave it.
final class FaceShadowCopy {
    let copy: ShadowCopy
    /// `\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN`.
    let device: Int
    let attributes: ShadowAttributes
    /// How many shadow copies its set held when made.
    let setCount: Int
    var alias: String?
    /// The name the script exposed it as (`P:` or a directory), while exposed.
    var exposedAs: String?

    init(copy: ShadowCopy, device: Int, attributes: ShadowAttributes, setCount: Int) {
        self.copy = copy
        self.device = device
        self.attributes = attributes
        self.setCount = setCount
    }

    var id: String { copy.id }
    var setId: String { copy.setId }
    var volume: String { copy.snapshot.volumeName }

    var deviceName: String { "\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy\(device)" }

    /// Mounts it read-only on `mountpoint`; `owned`: the mount point is the run's own and
    /// goes with the exposure.
    func expose(as name: String, at mountpoint: String, owned: Bool) throws(VolumeError) {
        copy.exposure = try ExposedSnapshot(copy.snapshot, mountpoint: mountpoint, removesMountpoint: owned)
        exposedAs = name
    }

    func unexpose() {
        copy.unexpose()
        exposedAs = nil
    }
}

/// The attributes of a shadow copy, from its context and options, as VSS lists them
/// (`No_Auto_Release Persistent No_Writers Differential`).
struct ShadowAttributes: Equatable {
    var persistent = false
    var noWriters = false
    var clientAccessible = false
    var plex = false

    var text: String {
        var words = [persistent ? "No_Auto_Release" : "Auto_Release"]
        if persistent { words.append("Persistent") }
        if clientAccessible { words.append("Client_accessible") }
        if noWriters { words.append("No_Writers") }
        words.append(plex ? "Plex" : "Differential")
        return words.joined(separator: " ")
    }

    /// The VSS context a requester sets for them.
    var context: BackupComponents.Context {
        if clientAccessible { return .clientAccessible }
        switch (persistent, noWriters) {
        case (false, false): return .backup
        case (false, true): return .fileShareBackup
        case (true, false): return .appRollback
        case (true, true): return .noWritersVolumeSnapshot
        }
    }
}
