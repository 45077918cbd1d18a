import SnapWriter

/// What vshadow (the VSS SDK sample, version 3.0) prints, from the sample's source where it
/// is public; the rest in SnapWriter's wording (docs/fidelity.md DS rows).
enum VshadowText {
    static let banner = ["", "VSHADOW.EXE 3.0 - Volume Shadow Copy sample client.",
                         "Copyright (C) 2005 Microsoft Corporation. All rights reserved.", "", ""]
    static let waiting = "(Waiting for the asynchronous operation to finish...)"

    static let usage = [
        "Usage:",
        "   VSHADOW [optional flags] [commands]",
        "",
        "List of optional flags:",
        "  -?                 - Displays the usage screen",
        "  -p                 - Manages persistent shadow copies",
        "  -nw                - Manages no-writer shadow copies",
        "  -wi={Writer Name}  - Verify that a writer/component is included",
        "  -wx={Writer Name}  - Exclude a writer/component from set creation or restore",
        "  -exec={command}    - Custom command executed after shadow creation, import or between break and make-it-write",
        "",
        "List of commands:",
        "  {volume list}                   - Creates a shadow set on these volumes",
        "  -ws                             - List writer status",
        "  -wm                             - List writer summary metadata",
        "  -wm2                            - List writer detailed metadata",
        "  -q                              - List all shadow copies in the system",
    ]

    /// `-ws`: every writer's status block, each after a blank line.
    static func writerStatus(_ writers: [WriterStatus]) -> [String] {
        ["Listing writer status ...", "- Number of writers that responded: \(writers.count)"]
            + writers.flatMap { [""] + WriterStatusBlock.vshadow.lines($0) + [""] }
    }

    /// The check after each step of a backup: a selected writer in a failed state.
    static func selectedWriterFailed(_ writer: WriterStatus) -> [String] {
        var block = WriterStatusBlock.vshadow.lines(writer)
        block[0] = "ERROR: Selected writer '\(writer.name)' is in failed state!"
        return [""] + block + [""]
    }

    static func writerMetadata(_ writers: [WriterStatus], metadata: WriterComponents, machine: String,
                               detailed: Bool) -> [String] {
        var lines = ["Listing writer metadata ..."]
        for writer in writers {
            lines += [
                "", "* WRITER \"\(writer.name)\"",
                "    - WriterId   = \(writer.writerId)",
                "    - InstanceId = \(writer.instanceId)",
                "    - Supports restore events = TRUE",
                "    - Writer restore conditions = VSS_WRE_ALWAYS",
                "    - Restore method = VSS_RME_RESTORE_IF_CAN_REPLACE",
                "    - Requires reboot after restore = FALSE",
                "", "    - Excluded files:",
            ]
            for component in metadata.byWriter[writer.name] ?? [] {
                lines += [""] + FaceText.componentLines(writer: writer.name, component, style: componentStyle) + [
                    "       - Caption: '\(component.name)'",
                    "       - Is selectable: 'TRUE'",
                    "       - Is top level: 'TRUE'",
                ]
                if detailed {
                    lines.append("       - Paths affected by this component:")
                    lines += component.files.map { "         - \($0)" }
                }
                let volumes = Set(component.files.compactMap { FaceText.volumeName(String($0.prefix(2))) }).sorted()
                lines.append("       - Volumes affected by this component:")
                lines += volumes.map { "         - \(FaceText.volumeDisplay(machine: machine, volume: $0))" }
            }
        }
        return lines
    }

    private static let componentStyle = FaceText.ComponentStyle(header: "    - Component", indent: "       ",
                                                                quote: "'", pathWord: "Path")

    /// One shadow copy as the set's query prints it.
    static func shadow(_ shadow: FaceShadowCopy, machine: String) -> [String] {
        [
            "* SNAPSHOT ID = \(shadow.id) ...",
            "   - Shadow copy Set: \(shadow.setId)",
            "   - Original count of shadow copies = \(shadow.setCount)",
            "   - Original Volume name: \(FaceText.volumeDisplay(machine: machine, volume: shadow.volume))",
            "   - Creation Time: \(FaceText.date(shadow.copy.createdAt))",
            "   - Shadow copy device name: \(shadow.deviceName)",
            "   - Originating machine: \(machine)",
            "   - Service machine: \(machine)",
            "   - Not Exposed",
            "   - Provider id: \(FaceText.providerId)",
            "   - Attributes:  \(shadow.attributes.text)",
            "",
        ]
    }
}
