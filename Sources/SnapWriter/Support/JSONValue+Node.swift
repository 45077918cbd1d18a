extension JSONValue {
    /// A parsed document as a value: numbers keep their text, object members their order
    /// (a key given twice keeps both, as the text had them).
    public init(_ node: JSONNode) {
        switch node.kind {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let text): self = .number(text)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let members): self = .object(members.map { ($0.key, JSONValue($0.value)) })
        }
    }
}
