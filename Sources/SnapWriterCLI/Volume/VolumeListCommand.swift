import ArgumentParser
import SnapWriter

/// `snapwriter volume list`: a volume's size, use, mount state and snapshots.
struct VolumeListCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Lists a volume's snapshots.")
    static let reportSchema: String? = "snapwriter.volume-list/1"

    @Argument(help: "The volume directory.")
    var directory: String

    @OptionGroup var output: FormatOptions<VolumeListCommand>

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
        switch output.format {
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
