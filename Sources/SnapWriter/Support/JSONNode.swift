/// A parsed JSON value that keeps what Foundation's JSONSerialization loses: a number's text
/// exactly as written (numeric LSNs exceed both 2^53 and 2^64), object members in order and
/// with duplicates, and where in the text each value starts, so errors can point at it.
public struct JSONNode: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        /// The number's text as written, already checked against JSON's number grammar.
        case number(String)
        case string(String)
        case array([JSONNode])
        case object([Member])
    }

    public struct Member: Sendable, Equatable {
        public let key: String
        public let value: JSONNode
    }

    public let kind: Kind
    /// The UTF-8 offset of the value's first byte in the text it was read from.
    public let offset: Int

    /// "a string", "an array", …: how error messages name what they found.
    public var kindName: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
