import SnapWriter

/// The components a writer's metadata lists, as GatherWriterMetadata reports them to a
/// requester: SqlServerWriter one per database with its data and log files on `D:`, the
/// Hyper-V writer one per VM, each system writer its one component (docs/fidelity.md Q2).
struct WriterComponents {
    struct Component {
        let logicalPath: String
        let name: String
        /// `D:\Data\Sales.mdf` and the like.
        let files: [String]

        /// `\logicalPath\name`, or `\name` without a logical path: the component's full path.
        var fullPath: String { logicalPath.isEmpty ? "\\\(name)" : "\\\(logicalPath)\\\(name)" }

        /// How AddComponent and SetBackupSucceeded may name it: its name, or `path\name`.
        func isNamed(_ text: String) -> Bool {
            text == name || (!logicalPath.isEmpty && text == "\(logicalPath)\\\(name)")
        }
    }

    let byWriter: [String: [Component]]

    init(guest: any GuestSystem) {
        var byWriter = Self.systemComponents
        if let instance = guest.sqlInstance {
            byWriter[WriterIdentity.sqlServer.name] = instance.databases.map { database in
                let files = [database.files?.dataPath, database.files?.logPath].compactMap { $0 }.map {
                    "\(guest.dataVolume.name)\\" + $0.replacingOccurrences(of: "/", with: "\\")
                }
                return Component(logicalPath: instance.serverName, name: database.name, files: files)
            }
        }
        self.byWriter = byWriter
    }

    init(host: any BackupHost) {
        var byWriter = Self.systemComponents
        byWriter[WriterIdentity.hyperV.name] = host.vms.map { Component(logicalPath: "", name: $0.name, files: []) }
        self.byWriter = byWriter
    }

    private static let systemComponents: [String: [Component]] = [
        WriterIdentity.system.name: [Component(logicalPath: "", name: "System Files", files: [])],
        WriterIdentity.registry.name: [Component(logicalPath: "", name: "Registry", files: [])],
        WriterIdentity.wmi.name: [Component(logicalPath: "", name: "WMI", files: [])],
        WriterIdentity.asr.name: [Component(logicalPath: "", name: "ASR Config", files: [])],
    ]

    func contains(writer: String, component: String) -> Bool {
        byWriter[writer]?.contains { $0.isNamed(component) } ?? false
    }

    /// The metadata answer: every writer in metadata, with its components.
    func json(_ writers: [WriterStatus]) -> JSONValue {
        .array(writers.map { writer in
            .object([
                ("name", .string(writer.name)),
                ("id", .string(writer.writerId)),
                ("instanceId", .string(writer.instanceId)),
                ("components", .array((byWriter[writer.name] ?? []).map { component in
                    .object([
                        ("logicalPath", .string(component.logicalPath)),
                        ("name", .string(component.name)),
                        ("files", .array(component.files.map(JSONValue.string))),
                    ])
                })),
            ])
        })
    }
}
