import Foundation
import SnapWriter
import Testing

/// Names become file names only encoded: one component, nothing Windows or a normalising
/// program would read as a separator, a dot name or a device, and the name comes back.
struct FileNameEncodingTests {
    static let names = ["Sales", "..", ".", "../x", "a/b", "a\\b", "C:x", "x\u{0}y", "\n../x", "*?", "<x>", "|pipe",
                        "x.", "x ", "CON", "con.txt", "NUL", "COM1", "LPT9", "a\u{FF0F}b", "\u{2024}\u{2024}", "\u{2025}",
                        "100%", "%2F", "Ünïcødé", String(repeating: "a", count: 128)]

    @Test(arguments: names)
    func anEncodedNameIsOneSafeFileNameAndDecodesBack(name: String) {
        let encoded = FileNameEncoding.encode(name)
        #expect(FileNameEncoding.decode(encoded) == name)
        #expect(ConfinedPath.refusal(of: encoded) == nil)
        for form in [encoded, encoded.precomposedStringWithCompatibilityMapping] {
            #expect(!form.contains(where: { "\\/:*?\"<>|".contains($0) }), "\(form)")
            #expect(!form.unicodeScalars.contains { $0.properties.generalCategory == .control })
            #expect(!form.hasSuffix(".") && !form.hasSuffix(" "))
        }
        let stem = encoded.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        #expect(!["CON", "NUL", "COM1", "LPT9", "PRN", "AUX"].contains(stem.uppercased()))
    }

    @Test func anOrdinaryNameStaysAsItIs() {
        #expect(FileNameEncoding.encode("Sales") == "Sales")
        #expect(FileNameEncoding.encode("VM1") == "VM1")
        #expect(FileNameEncoding.encode("Sa/les") == "Sa%2Fles")
        #expect(FileNameEncoding.encode("CON") == "%43ON")
    }
}
