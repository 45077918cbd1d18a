import ArgumentParser
import Foundation
import SnapWriter

struct VolumeSnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Takes a copy-on-write snapshot; prints its id alone on the last line.")

    @Argument(help: "The volume directory.")
    var directory: String

    func run() throws {
        let volume = try VolumeCLI.openVolume(directory)
        if let answer = ControlClient.send("snapshot", toVolume: directory) {
            guard answer.hasPrefix("ok ") else { throw CommandExit.environment("volume snapshot: \(answer)") }
            Output.print(String(answer.dropFirst(3)))
            return
        }
        // Not mounted: nothing writes, so the snapshot needs no hold.
        do {
            Output.print(try volume.openStore().createSnapshot(id: UUID().uuidString.lowercased()).id)
        } catch {
            throw CommandExit.environment("volume snapshot: \(error.message)")
        }
    }
}

struct VolumeDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Deletes a snapshot.")

    @Argument(help: "The volume directory.")
    var directory: String

    @Argument(help: "The snapshot id.")
    var snapshot: String

    func run() throws {
        let volume = try VolumeCLI.openVolume(directory)
        if let answer = ControlClient.send("delete \(snapshot)", toVolume: directory) {
            guard answer.hasPrefix("ok") else { throw CommandExit.badInput("volume delete: \(answer.dropFirst(6))") }
        } else {
            do {
                try volume.openStore().deleteSnapshot(id: snapshot)
            } catch {
                throw CommandExit.badInput("volume delete: \(error.message)")
            }
        }
        Output.print("deleted snapshot \(snapshot)")
    }
}

struct VolumeListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Lists a volume's snapshots.")

    @Argument(help: "The volume directory.")
    var directory: String

    @Option(help: "text or json (schema snapwriter.volume-list/1).")
    var format: OutputFormat = .text

    func run() throws {
        let volume = try VolumeCLI.openVolume(directory)
        let store: CopyOnWriteStore
        do {
            store = try volume.openStore()
        } catch {
            throw CommandExit.environment("volume list: \(error.message)")
        }
        let mounted = ControlClient.send("status", toVolume: directory)
        let snapshots = store.snapshots
        let used = VolumeCapacity(limitBytes: volume.sizeBytes, liveRoot: store.liveRoot).usedBytes
        switch format {
        case .json:
            let items: [JSONValue] = snapshots.map { snapshot in
                let files = snapshot.manifest.entries.filter { $0.kind == .file }
                return .object([("id", .string(snapshot.id)), ("sequence", .int(snapshot.sequence)),
                                ("files", .int(files.count)), ("bytes", .int(files.reduce(0) { $0 + $1.size }))])
            }
            Output.print(JSONValue.object([
                ("schema", .string("snapwriter.volume-list/1")), ("volume", .string(directory)),
                ("sizeBytes", .int(volume.sizeBytes)), ("usedBytes", .int(used)), ("mounted", .bool(mounted != nil)),
                ("snapshots", .array(items)),
            ]).serialized(indent: 2))
        case .text:
            Output.print("volume \(directory): \(volume.sizeBytes) bytes, \(used) used, \(mounted.map { String($0.dropFirst(3)) } ?? "not mounted")")
            for snapshot in snapshots {
                let files = snapshot.manifest.entries.filter { $0.kind == .file }
                Output.print("  \(snapshot.sequence)  \(snapshot.id)  \(files.count) file(s), \(files.reduce(0) { $0 + $1.size }) bytes")
            }
        }
    }
}
