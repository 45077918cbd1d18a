import Foundation

/// How a name someone chose (a database, a VM, a scenario) becomes one file name, safe on
/// Linux and on Windows alike, and how the file name gives the name back. A name is never
/// used raw: what Windows forbids in a file name (`\ / : * ? " < > |`), control characters,
/// `%` itself, and any character whose compatibility form (NFKC) is one of those or a dot
/// (the fullwidth solidus, the one-dot leader) are percent-encoded as their UTF-8 bytes
/// (`Sa/les` → `Sa%2Fles`); a name ending in a dot or a space (so `.` and `..`) has that last
/// character encoded; a Windows device name (`CON`, `NUL`, `COM1`, also before an extension)
/// has its first character encoded. Every other character stays as it is, so `Sales` is
/// `Sales`. The mapping is one-to-one: `decode(encode(x)) == x`.
public enum FileNameEncoding {
    /// Windows' reserved device names; a file name whose part before the first dot is one of
    /// these (any case, trailing spaces ignored) opens the device.
    static let deviceNames: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
        for suffix in ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³"] {
            names.insert("COM" + suffix)
            names.insert("LPT" + suffix)
        }
        return names
    }()

    /// ASCII characters that never appear raw in a file name.
    static let forbidden: Set<Unicode.Scalar> = ["\\", "/", ":", "*", "?", "\"", "<", ">", "|", "%"]

    /// The file name for `name` (which must not be empty).
    public static func encode(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        var encoded = ""
        for (index, scalar) in scalars.enumerated() {
            let last = index == scalars.count - 1
            let mustEncode = needsEncoding(scalar)
                || (last && (scalar == "." || scalar == " "))
                || (index == 0 && isDeviceName(name))
            encoded += mustEncode ? percentEncoded(scalar) : String(scalar)
        }
        return encoded
    }

    /// The name a file name made by `encode` stands for. Text that is not a `%` and two hex
    /// digits is kept as it is.
    public static func decode(_ fileName: String) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(fileName.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
               let value = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `name`, before its first dot, is a Windows device name.
    static func isDeviceName(_ name: String) -> Bool {
        var stem = Substring(name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        while stem.last == " " { stem = stem.dropLast() }
        return deviceNames.contains(stem.uppercased())
    }

    private static func needsEncoding(_ scalar: Unicode.Scalar) -> Bool {
        if forbidden.contains(scalar) || scalar.properties.generalCategory == .control { return true }
        guard !scalar.isASCII else { return false }
        // A character that compatibility normalisation turns into a separator or a dot would
        // become one for any program that normalises the name.
        let folded = String(scalar).precomposedStringWithCompatibilityMapping
        return folded.unicodeScalars.contains { forbidden.contains($0) || $0 == "." || $0.properties.generalCategory == .control }
    }

    private static func percentEncoded(_ scalar: Unicode.Scalar) -> String {
        String(scalar).utf8.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return "%" + (digits.count == 1 ? "0" + digits : digits)
        }.joined()
    }
}
