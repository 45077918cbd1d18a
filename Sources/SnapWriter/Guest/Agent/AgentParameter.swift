/// One member of a command's `arguments` as qemu-ga's QAPI schema declares it, checked the
/// way QEMU's QMP input visitor checks it (strict types, no conversions).
struct AgentParameter {
    enum Kind {
        case integer, string, boolean
        /// `['str']`.
        case stringList
        /// A struct, a list of structs or an alternate: present or not, never looked into
        /// (only commands SnapWriter does not emulate have them).
        case opaque
    }

    let name: String
    let kind: Kind
    let optional: Bool

    static func required(_ name: String, _ kind: Kind) -> AgentParameter { .init(name: name, kind: kind, optional: false) }
    static func optional(_ name: String, _ kind: Kind) -> AgentParameter { .init(name: name, kind: kind, optional: true) }
}
