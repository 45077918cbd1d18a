/// vshadow's command line as the SDK sample reads it: flags (`-p`, `-nw`, `-wi=`, `-wx=`,
/// `-exec=`), then one operation (`-ws`, `-wm`, `-wm2`, `-q`) or the volumes to shadow copy.
/// Flags start with `-` or `/` and match in any case.
public struct VshadowArguments: Sendable, Equatable {
    public enum Operation: Sendable, Equatable {
        case writerStatus
        case writerMetadata(detailed: Bool)
        case query
        case create([String])
        case usage
    }

    public var persistent = false
    public var noWriters = false
    public var included: [String] = []
    public var excluded: [String] = []
    public var exec: String?
    public var operation: Operation = .usage
    /// What vshadow prints for each flag as it reads it, in order.
    public var echoes: [String] = []

    /// Flags of the SDK sample that SnapWriter does not emulate.
    static let unsupported = ["ad", "ap", "scsf", "t", "bc", "script", "wait", "tracing", "nar", "tr", "wm3", "qx", "s",
                              "da", "dx", "ds", "do", "b", "bw", "bex", "el", "er", "i", "r", "rs", "revert", "resync"]
    public static let supported = "-p, -nw, -wi={writer}, -wx={writer}, -exec={file}, then -ws, -wm, -wm2, -q or volumes (C:, D:)"

    /// Why an argument list is refused: the argument and what is wrong.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let argument: String
        public let message: String
        public var description: String { "vshadow: '\(argument)': \(message)" }
    }

    public init(_ arguments: [String]) throws(Refusal) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard let (name, value) = Self.flag(argument) else {
                guard FaceText.volumeName(argument) != nil else {
                    throw Refusal(argument: argument, message: "not a flag or a volume; flags: \(Self.supported)")
                }
                let volumes = Array(arguments[index...])
                if let bad = volumes.first(where: { FaceText.volumeName($0) == nil }) {
                    throw Refusal(argument: bad, message: "expected a volume (shadow copy creation is assumed), e.g. D:")
                }
                operation = .create(volumes.compactMap(FaceText.volumeName))
                echoes.append("(Option: Create shadow copy set)")
                return
            }
            switch (name, value) {
            case ("p", nil):
                persistent = true
                echoes.append("(Option: Persistent shadow copy)")
            case ("nw", nil):
                noWriters = true
                echoes.append("(Option: No-writers option detected)")
            case ("wi", let writer?):
                included.append(writer)
                echoes.append("(Option: Verifying inclusion of writer/component '\(writer)')")
            case ("wx", let writer?):
                excluded.append(writer)
                echoes.append("(Option: Excluding writer/component '\(writer)')")
            case ("exec", let file?):
                exec = file
                echoes.append("(Option: Execute binary/script after shadow creation '\(file)')")
            case ("?", nil):
                operation = .usage
                return
            case ("ws", nil), ("wm", nil), ("wm2", nil), ("q", nil):
                let (chosen, echo): (Operation, String) = switch name {
                case "ws": (.writerStatus, "(Option: List writer status)")
                case "wm": (.writerMetadata(detailed: false), "(Option: List writer metadata)")
                case "wm2": (.writerMetadata(detailed: true), "(Option: List extended writer metadata)")
                default: (.query, "(Option: Query all shadow copies)")
                }
                operation = chosen
                echoes.append(echo)
                return
            default:
                if Self.unsupported.contains(name) {
                    throw Refusal(argument: argument, message: "not emulated; flags: \(Self.supported)")
                }
                let needsValue = ["wi", "wx", "exec"].contains(name)
                throw Refusal(argument: argument, message: needsValue
                    ? "needs a value: -\(name)={value}" : "unknown flag; flags: \(Self.supported)")
            }
            index += 1
        }
    }

    /// `-name` or `/name`, with `=value` (quotes around the value dropped); nil for a word
    /// that is not a flag.
    private static func flag(_ argument: String) -> (String, String?)? {
        guard let first = argument.first, first == "-" || first == "/", argument.count > 1 else { return nil }
        let body = argument.dropFirst()
        guard let equals = body.firstIndex(of: "=") else { return (body.lowercased(), nil) }
        var value = String(body[body.index(after: equals)...])
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        return (body[..<equals].lowercased(), value.isEmpty ? nil : value)
    }

    /// The VSS context vshadow sets (`- Setting the VSS context to: 0x…`): persistent adds
    /// VSS_VOLSNAP_ATTR_PERSISTENT | NO_AUTO_RELEASE, no-writers VSS_VOLSNAP_ATTR_NO_WRITERS.
    var contextValue: UInt32 { (persistent ? 0x9 : 0) | (noWriters ? 0x10 : 0) }
}
