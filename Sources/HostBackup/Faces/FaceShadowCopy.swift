import Foundation
import SnapWriter

/// A shadow copy a face made, with what diskshadow and vshadow print about it: its device
/// number, its attributes and the alias a script gave it.
final class FaceShadowCopy {
    let copy: ShadowCopy
    let details: FaceShadowDetails
    /// The alias a script gave it, and the name it exposed it as (`P:\` or a directory).
    var names: (alias: String?, exposedAs: String?) = (nil, nil)

    init(copy: ShadowCopy, details: FaceShadowDetails) {
        (self.copy, self.details) = (copy, details)
    }

    var alias: String? {
        get { names.alias }
        set { names.alias = newValue }
    }

    var exposedAs: String? { names.exposedAs }

    var id: String { copy.id }
    var setId: String { copy.setId }
    var volume: String { copy.snapshot.volumeName }

    var attributes: ShadowAttributes { details.attributes }
    var setCount: Int { details.setCount }
    var deviceName: String { "\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy\(details.device)" }

    /// Mounts it read-only on `mountpoint`; `owned`: the mount point is the run's own and
    /// goes with the exposure.
    func expose(as name: String, at mountpoint: String, owned: Bool) throws(VolumeError) {
        copy.exposure = try ExposedSnapshot(copy.snapshot, mountpoint: mountpoint, removesMountpoint: owned)
        names.exposedAs = name
    }

    func unexpose() {
        copy.unexpose()
        names.exposedAs = nil
    }
}

/// What the tools print about a shadow copy besides what VSS keeps of it: its device number
/// (`\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN`), its attributes, and how many
/// shadow copies its set held when made.
struct FaceShadowDetails {
    let device: Int
    let attributes: ShadowAttributes
    let setCount: Int
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
