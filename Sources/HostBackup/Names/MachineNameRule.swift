import Foundation

/// Host and VM names: what Hyper-V accepts as a VM's name and Windows as a machine's, 1 to
/// 100 characters (UTF-16 code units, as Windows counts them), none of `\ / : * ? " < > |`,
/// no control characters, not `.` or `..`, not ending in a dot or a space. The same holds for
/// the name's compatibility form (NFKC), so a fullwidth solidus or a one-dot leader, which a
/// normalising program would read as `/` or `.`, is refused too. The NetBIOS limit of 15
/// characters is not enforced (docs/fidelity.md N1).
enum MachineNameRule {
    static let maximumLength = 100
    static let forbidden: [Character] = ["\\", "/", ":", "*", "?", "\"", "<", ">", "|"]
    static let allowed = "1 to \(maximumLength) characters, none of \\ / : * ? \" < > |, no control characters, "
        + "not . or .., not ending in a dot or a space"

    static func reason(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf16.count > maximumLength { return "it has \(name.utf16.count) characters" }
        if let control = NameKind.controlCharacter(in: name) { return "it holds the control character \(control)" }
        if let reason = shapeReason(name) { return reason }
        let folded = name.precomposedStringWithCompatibilityMapping
        if folded != name, let reason = shapeReason(folded) {
            return "\(reason) once normalised (NFKC: \(NameKind.quoted(folded)))"
        }
        return nil
    }

    private static func shapeReason(_ name: String) -> String? {
        if let character = name.first(where: forbidden.contains) { return "it holds '\(character)'" }
        if let control = NameKind.controlCharacter(in: name) { return "it holds the control character \(control)" }
        if name == "." || name == ".." { return "it is '\(name)'" }
        if name.hasSuffix(".") { return "it ends in a dot" }
        if name.hasSuffix(" ") { return "it ends in a space" }
        return nil
    }
}
