import Foundation

/// QEMU's JSON parser (`qobject/json-parser.c`) over one balanced run of tokens: the same
/// grammar, the same value types, and the same first error ("JSON parse error, …").
struct AgentJSONParser {
    private let tokens: [AgentJSONToken]
    private var next = 0

    init(tokens: [AgentJSONToken]) {
        self.tokens = tokens
    }

    mutating func parseValue() throws(AgentError) -> AgentValue {
        guard let token = peek() else { throw .parse("premature EOI") }
        switch token.kind {
        case .leftCurly: return try parseObject()
        case .leftSquare: return try parseArray()
        case .integer, .float, .string: return try parseLiteral()
        case .keyword: return try parseKeyword()
        default: throw .parse("expecting value")
        }
    }

    private func peek() -> AgentJSONToken? { next < tokens.count ? tokens[next] : nil }

    private mutating func pop() -> AgentJSONToken? {
        defer { next += 1 }
        return peek()
    }

    private mutating func parseObject() throws(AgentError) -> AgentValue {
        _ = pop()
        var dict = AgentDict()
        guard let first = peek() else { throw .parse("premature EOI") }
        if first.kind == .rightCurly {
            _ = pop()
            return .dict(dict)
        }
        try parsePair(into: &dict)
        guard var token = pop() else { throw .parse("premature EOI") }
        while token.kind != .rightCurly {
            guard token.kind == .comma else { throw .parse("expected separator in dict") }
            try parsePair(into: &dict)
            guard let following = pop() else { throw .parse("premature EOI") }
            token = following
        }
        return .dict(dict)
    }

    private mutating func parsePair(into dict: inout AgentDict) throws(AgentError) {
        guard peek() != nil else { throw .parse("premature EOI") }
        guard case .string(let key) = try parseValue() else { throw .parse("key is not a string in object") }
        guard let colon = pop() else { throw .parse("premature EOI") }
        guard colon.kind == .colon else { throw .parse("missing : in object pair") }
        let value = try parseValue()
        guard !dict.contains(key) else { throw .parse("duplicate key") }
        dict.put(key, value)
    }

    private mutating func parseArray() throws(AgentError) -> AgentValue {
        _ = pop()
        var items: [AgentValue] = []
        guard let first = peek() else { throw .parse("premature EOI") }
        if first.kind == .rightSquare {
            _ = pop()
            return .list(items)
        }
        items.append(try parseValue())
        guard var token = pop() else { throw .parse("premature EOI") }
        while token.kind != .rightSquare {
            guard token.kind == .comma else { throw .parse("expected separator in list") }
            items.append(try parseValue())
            guard let following = pop() else { throw .parse("premature EOI") }
            token = following
        }
        return .list(items)
    }

    private mutating func parseKeyword() throws(AgentError) -> AgentValue {
        let text = pop()!.text
        switch String(decoding: text, as: UTF8.self) {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: throw AgentError(.genericError, Array("JSON parse error, invalid keyword '".utf8) + text + [0x27])
        }
    }

    private mutating func parseLiteral() throws(AgentError) -> AgentValue {
        let token = pop()!
        switch token.kind {
        case .string: return .string(try Self.unescape(token.text))
        case .integer:
            let text = String(decoding: token.text, as: UTF8.self)
            if let value = Int64(text) { return .int(value) }
            if token.text.first != UInt8(ascii: "-"), let value = UInt64(text) { return .uint(value) }
            return .double(strtod(text, nil))
        default:
            return .double(strtod(String(decoding: token.text, as: UTF8.self), nil))
        }
    }

    /// `parse_string`: a quoted token's escapes resolved into modified UTF-8, refusing
    /// what QEMU refuses (bad escapes, invalid code points, invalid UTF-8).
    static func unescape(_ token: [UInt8]) throws(AgentError) -> [UInt8] {
        let quote = token[0]
        var out: [UInt8] = []
        var index = 1
        func byte(_ at: Int) -> UInt8 { at < token.count ? token[at] : 0 }
        while byte(index) != quote {
            let current = byte(index)
            if current == UInt8(ascii: "\\") {
                let begin = index
                index += 1
                let escape = byte(index)
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var point = hex4(token, at: index)
                    index += 4
                    if (0xD800...0xDBFF).contains(point), byte(index) == UInt8(ascii: "\\"), byte(index + 1) == UInt8(ascii: "u") {
                        let trailing = hex4(token, at: index + 2)
                        if (0xDC00...0xDFFF).contains(trailing) {
                            point = 0x10000 + ((point & 0x3FF) << 10) | (trailing & 0x3FF)
                            index += 6
                        } else {
                            point = -1
                        }
                    }
                    guard let encoded = AgentModifiedUTF8.encode(point) else {
                        // `%.*s` from the backslash, stopping at a NUL or the token's end.
                        let shown = token[begin..<min(index, token.count)].prefix { $0 != 0 }
                        throw AgentError(.genericError, Array("JSON parse error, ".utf8) + shown
                                         + Array(" is not a valid Unicode character".utf8))
                    }
                    out += encoded
                default:
                    throw .parse("invalid escape sequence in string")
                }
            } else {
                let (point, end) = AgentModifiedUTF8.codepoint(token, at: index)
                guard point >= 0, let encoded = AgentModifiedUTF8.encode(point) else {
                    throw .parse("invalid UTF-8 sequence in string")
                }
                out += encoded
                index = end
            }
        }
        return out
    }

    /// `cvt4hex`: four hex digits, or -1.
    private static func hex4(_ bytes: [UInt8], at start: Int) -> Int {
        var value = 0
        for offset in 0..<4 {
            let at = start + offset
            guard at < bytes.count, let digit = Int(String(UnicodeScalar(bytes[at])), radix: 16) else { return -1 }
            value = value << 4 | digit
        }
        return value
    }
}
