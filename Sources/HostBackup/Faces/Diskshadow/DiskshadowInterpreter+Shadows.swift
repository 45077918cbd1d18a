import Foundation
import SnapWriter

/// `expose`, `unexpose`, `list shadows` and `delete shadows`: the shadow copies made on the
/// machine. Exposing mounts a shadow copy read-only on a real FUSE mount: a drive letter
/// (`P:`) becomes `exposed/P` in the run directory; a directory must exist and be empty.
extension DiskshadowInterpreter {
    func shadow(_ word: String) throws(CommandFailure) -> FaceShadowCopy {
        let id = try expand(word)
        guard let shadow = machine.shadows.first(where: { $0.id.lowercased() == id.lowercased() }) else {
            throw CommandFailure(message: "The shadow copy \(id) was not found.")
        }
        return shadow
    }

    func expose(_ word: String, as target: String) throws(CommandFailure) {
        let shadow = try shadow(word)
        let name = try expand(target)
        guard shadow.exposedAs == nil else {
            throw CommandFailure(message: "The shadow copy \(shadow.id) is already exposed as \(shadow.exposedAs!).")
        }
        guard !machine.shadows.contains(where: { $0.exposedAs?.lowercased() == exposedName(name).lowercased() }) else {
            throw CommandFailure(message: "\(name) is already in use by an exposed shadow copy.")
        }
        let mountpoint: String
        let owned: Bool
        if let drive = FaceText.volumeName(name) {
            do {
                mountpoint = try ConfinedPath.make(runDirectory, "exposed", String(drive.prefix(1)))
            } catch {
                throw CommandFailure(message: "Cannot expose as \(name): \(error.description).")
            }
            owned = true
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: name, isDirectory: &isDirectory), isDirectory.boolValue,
                (try? FileManager.default.contentsOfDirectory(atPath: name))?.isEmpty == true
            else {
                throw CommandFailure(message: "Cannot expose as \(name): a mount point must be a drive letter or "
                    + "an existing empty directory.")
            }
            mountpoint = name
            owned = false
        }
        do {
            try shadow.expose(as: exposedName(name), at: mountpoint, owned: owned)
        } catch {
            throw CommandFailure(message: "Cannot expose the shadow copy \(shadow.id): \(error.message).")
        }
        output("The shadow copy was successfully exposed as \(exposedName(name)).")
    }

    /// How a target reads once exposed: `p:` as `P:\`.
    private func exposedName(_ name: String) -> String {
        FaceText.volumeName(name).map { "\($0)\\" } ?? name
    }

    func unexpose(_ target: String) throws(CommandFailure) {
        let name = exposedName(try expand(target))
        guard let shadow = machine.shadows.first(where: { $0.exposedAs?.lowercased() == name.lowercased() }) else {
            throw CommandFailure(message: "No shadow copy is exposed as \(name).")
        }
        shadow.unexpose()
        output("The shadow copy was successfully unexposed.")
    }

    func listShadows(_ query: DiskshadowScriptCommand.ShadowQuery) throws(CommandFailure) {
        let header: String
        let shadows: [FaceShadowCopy]
        switch query {
        case .all:
            header = "Querying all shadow copies on the computer ..."
            shadows = machine.shadows
        case .set(let word):
            let id = try expand(word)
            header = "Querying all shadow copies with the shadow copy set ID \(id)"
            shadows = machine.shadows.filter { $0.setId.lowercased() == id.lowercased() }
        case .id(let word):
            let id = try expand(word)
            header = "Querying shadow copy with ID \(id)"
            shadows = machine.shadows.filter { $0.id.lowercased() == id.lowercased() }
        }
        let setAlias = settings.alias("VSS_SHADOW_SET")
        DiskshadowText.shadowList(shadows, machine: machine.name, header: header,
                                  setAlias: setAlias != nil && shadows.allSatisfy { $0.setId == setAlias }).forEach(output)
    }

    func deleteShadows(_ deletion: DiskshadowScriptCommand.Deletion) throws(CommandFailure) {
        var chosen: [FaceShadowCopy]
        switch deletion {
        case .all: chosen = machine.shadows
        case .volume(let word), .oldest(let word):
            let text = try expand(word)
            // A volume may be named by letter or by an alias of one of its shadow copies.
            let volume = FaceText.volumeName(text)
                ?? machine.shadows.first { $0.id.lowercased() == text.lowercased() }?.volume
            chosen = machine.shadows.filter { $0.volume == volume }
            if case .oldest = deletion { chosen = Array(chosen.prefix(1)) }
        case .set(let word):
            let id = try expand(word)
            chosen = machine.shadows.filter { $0.setId.lowercased() == id.lowercased() }
        case .id(let word):
            let id = try expand(word)
            chosen = machine.shadows.filter { $0.id.lowercased() == id.lowercased() }
        case .exposed(let word):
            let name = exposedName(try expand(word))
            chosen = machine.shadows.filter { $0.exposedAs?.lowercased() == name.lowercased() }
        }
        guard !chosen.isEmpty else { throw CommandFailure(message: "No shadow copies found that match the query.") }
        for shadow in chosen {
            output("Deleting shadow copy \(shadow.id) on volume "
                + "\(FaceText.volumeGUIDName(machine: machine.name, volume: shadow.volume)) from provider "
                + "\(FaceText.providerId) [Attributes: \(shadow.attributes.text)]...")
            machine.delete(shadow)
        }
        output("")
        output("Number of shadow copies deleted: \(chosen.count)")
    }
}
