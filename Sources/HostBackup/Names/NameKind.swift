/// The kinds of name a scenario, a command-line flag or a request body gives SnapWriter, each
/// checked by one rule where it enters (`refusal(of:)`), once, so nothing past the parser
/// ever sees a name its kind does not allow. A name that passes may still not be usable raw
/// as a file name: wherever one names a file it goes through `FileNameEncoding`.
public enum NameKind: String, Sendable, CaseIterable {
    case host
    case vm
    case database
    case availabilityGroup
    case scenario

    /// How a message names the kind: `VM name`.
    public var noun: String {
        switch self {
        case .host: "host name"
        case .vm: "VM name"
        case .database: "database name"
        case .availabilityGroup: "availability group name"
        case .scenario: "scenario name"
        }
    }

    /// The noun with its article: `an availability group name`.
    var nounWithArticle: String {
        self == .availabilityGroup ? "an \(noun)" : "a \(noun)"
    }

    /// Why `name` is not a name of this kind, with what is allowed; nil when it is one.
    public func refusal(of name: String) -> String? {
        let reason: String? = switch self {
        case .host, .vm: MachineNameRule.reason(name)
        case .database, .availabilityGroup: SQLIdentifierRule.reason(name)
        case .scenario: ScenarioNameRule.reason(name)
        }
        guard let reason else { return nil }
        let allowed = switch self {
        case .host, .vm: MachineNameRule.allowed
        case .database, .availabilityGroup: SQLIdentifierRule.allowed
        case .scenario: ScenarioNameRule.allowed
        }
        return "\(Self.quoted(name)) is not \(nounWithArticle): \(reason); allowed: \(allowed)"
    }

    /// `name` in quotes with control characters, which a terminal would act on, spelled as
    /// `\u{…}` and a long name cut short.
    public static func quoted(_ name: String) -> String {
        var shown = ""
        for (count, scalar) in name.unicodeScalars.enumerated() {
            if count == 60 {
                shown += "…"
                break
            }
            shown += scalar.properties.generalCategory == .control
                ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
        }
        return "'\(shown)'"
    }

    /// The first control character of `name`, spelled `\u{…}`; nil when it has none.
    static func controlCharacter(in name: String) -> String? {
        name.unicodeScalars.first { $0.properties.generalCategory == .control }
            .map { "\\u{\(String($0.value, radix: 16, uppercase: true))}" }
    }
}
