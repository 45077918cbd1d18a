import Foundation
import SnapWriter

/// What diskshadow prints, in its English wording where Microsoft's documentation or field
/// captures show it, and in SnapWriter's own where they do not (docs/fidelity.md DS rows).
enum DiskshadowText {
    static func banner(machine: String, date: Date) -> [String] {
        [
            "Microsoft DiskShadow version 1.0",
            "Copyright (C) 2013 Microsoft Corporation",
            "On computer:  \(machine),  \(FaceText.date(date))",
            "",
        ]
    }

    static func echo(_ text: String) -> String { "-> \(text)" }

    /// `list writers status`.
    static func writerStatus(_ writers: [WriterStatus]) -> [String] {
        ["Listing writer status ..."] + writers.flatMap(WriterStatusBlock.diskshadow.lines)
            + ["\(writers.count) writers listed."]
    }

    /// `list writers metadata|detailed`: identity and status, then each component (with its
    /// files when detailed).
    static func writerMetadata(_ writers: [WriterStatus], metadata: WriterComponents, detailed: Bool) -> [String] {
        var lines = ["Listing writer metadata ..."]
        for writer in writers {
            lines += [
                "* WRITER \"\(writer.name)\"",
                "        - Writer ID   = \(writer.writerId)",
                "        - Writer instance ID = \(writer.instanceId)",
                "        - Status: \(writer.state.rawValue) (\(writer.state.name))",
                "        - Writer Failure code: \(WriterStatusBlock.code(writer.lastError))",
            ]
            for component in metadata.byWriter[writer.name] ?? [] {
                lines += FaceText.componentLines(writer: writer.name, component, style: componentStyle)
                if detailed {
                    lines.append("                - File List:")
                    lines += component.files.map { "                        - Path = \($0)" }
                }
            }
        }
        return lines + ["\(writers.count) writers listed."]
    }

    private static let componentStyle = FaceText.ComponentStyle(header: "        + Component",
                                                                indent: "                ", quote: "", pathWord: "path")

    static func providers(_ providers: [ShadowCopyProvider]) -> [String] {
        providers.flatMap { provider in
            [
                "* ProviderID: \(provider.providerId)",
                "        Type: [\(provider.registration.type.rawValue)] \(provider.registration.type.typeName)",
                "        Name: \(provider.name)",
                "        Version: \(provider.registration.version)",
                "        CLSID: \(provider.registration.classId)",
            ]
        } + ["\(providers.count) provider\(providers.count == 1 ? "" : "s") registered."]
    }

    static func aliasSet(_ alias: String, shadow id: String) -> String {
        "Alias \(alias) for shadow ID \(id) set as environment variable."
    }

    static func setAliasSet(_ setId: String) -> String {
        "Alias VSS_SHADOW_SET for shadow set ID \(setId) set as environment variable."
    }

    /// One shadow copy as `list shadows` and `create` print it.
    static func shadow(_ shadow: FaceShadowCopy, machine: String, setAlias: Bool) -> [String] {
        let exposure = shadow.exposedAs.map { "Exposed locally as: \($0)" } ?? "Not exposed"
        return [
            "\t* Shadow copy ID = \(shadow.id)\t\t\(shadow.alias.map { "%\($0)%" } ?? "")",
            "\t\t- Shadow copy set: \(shadow.setId)\t\t\(setAlias ? "%VSS_SHADOW_SET%" : "")",
            "\t\t- Original count of shadow copies = \(shadow.setCount)",
            "\t\t- Original volume name: \(FaceText.volumeDisplay(machine: machine, volume: shadow.volume))",
            "\t\t- Creation time: \(FaceText.date(shadow.copy.createdAt))",
            "\t\t- Shadow copy device name: \(shadow.deviceName)",
            "\t\t- Originating machine: \(machine)",
            "\t\t- Service machine: \(machine)",
            "\t\t- \(exposure)",
            "\t\t- Provider ID: \(FaceText.providerId)",
            "\t\t- Attributes:  \(shadow.attributes.text)",
            "",
        ]
    }

    static func shadowList(_ shadows: [FaceShadowCopy], machine: String, header: String, setAlias: Bool) -> [String] {
        guard !shadows.isEmpty else { return [header, "", "No shadow copies found in system."] }
        return [header, ""] + shadows.flatMap { shadow($0, machine: machine, setAlias: setAlias) }
            + ["Number of shadow copies listed: \(shadows.count)"]
    }

    /// A writer that failed while diskshadow made the shadow copies.
    static func writerFailed(_ writer: WriterStatus) -> String {
        "Writer \"\(writer.name)\" failed: status \(writer.state.rawValue) (\(writer.state.name)), "
            + "failure code \(WriterStatusBlock.code(writer.lastError))."
    }
}
