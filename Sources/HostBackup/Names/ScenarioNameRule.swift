/// The scenario's own name: any text without control characters (it heads reports and the
/// JUnit file, where a line break or an escape sequence would forge lines). Where it names a
/// file it is encoded (`FileNameEncoding`).
enum ScenarioNameRule {
    static let allowed = "any text without control characters"

    static func reason(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if let control = NameKind.controlCharacter(in: name) { return "it holds the control character \(control)" }
        return nil
    }
}
