import Foundation
import SnapWriter

/// Texts diskshadow and vshadow share: dates as Windows prints them in English, volume
/// GUID names, the software provider.
enum FaceText {
    static let providerId = WriterIdentity.softwareProviderId

    /// `1/1/2024 12:00:05 AM`: the en-US short date and long time, in UTC.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "M/d/yyyy h:mm:ss a"
        return formatter.string(from: date)
    }

    /// `\\?\Volume{…}\`: a volume's GUID name, the same for a machine's volume on every run.
    static func volumeGUIDName(machine: String, volume: String) -> String {
        "\\\\?\\Volume{\(stableGUID("\(machine)/\(volume)"))}\\"
    }

    /// `\\?\Volume{…}\ [D:\]`.
    static func volumeDisplay(machine: String, volume: String) -> String {
        "\(volumeGUIDName(machine: machine, volume: volume)) [\(volume)\\]"
    }

    /// A GUID-shaped text derived from `text` (FNV-1a, twice), lower case.
    static func stableGUID(_ text: String) -> String {
        func fnv(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }
        let high = String(fnv(0xcbf2_9ce4_8422_2325), radix: 16)
        let low = String(fnv(0x8422_2325_cbf2_9ce4), radix: 16)
        let digits = Array(String(repeating: "0", count: 16 - high.count) + high
            + String(repeating: "0", count: 16 - low.count) + low)
        let cut = [8, 4, 4, 4, 12]
        var parts: [String] = []
        var start = 0
        for length in cut {
            parts.append(String(digits[start..<(start + length)]))
            start += length
        }
        return parts.joined(separator: "-")
    }

    /// A volume name as a user writes it (`d:`, `D:\`), normalised to `D:`; nil when it is
    /// not a drive letter.
    static func volumeName(_ text: String) -> String? {
        var name = text.uppercased()
        if name.hasSuffix("\\") { name.removeLast() }
        guard name.count == 2, name.hasSuffix(":"), let letter = name.first, letter.isLetter, letter.isASCII else {
            return nil
        }
        return name
    }

    /// How a tool lays out a component's identity: the header word's indentation, the
    /// details' indentation, quotes around values, and whether labels say `Path` or `path`.
    struct ComponentStyle {
        let header: String
        let indent: String
        let quote: String
        let pathWord: String
    }

    /// `+ Component "Writer:\path"` and its name, logical and full paths.
    static func componentLines(writer: String, _ component: WriterComponents.Component, style: ComponentStyle) -> [String] {
        let (indent, quote) = (style.indent, style.quote)
        return [
            "\(style.header) \"\(writer):\(component.fullPath)\"",
            "\(indent)- Name: \(quote)\(component.name)\(quote)",
            "\(indent)- Logical \(style.pathWord): \(quote)\(component.logicalPath)\(quote)",
            "\(indent)- Full \(style.pathWord): \(quote)\(component.fullPath)\(quote)",
        ]
    }
}
