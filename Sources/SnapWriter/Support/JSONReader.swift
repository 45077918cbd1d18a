/// Reads JSON text (RFC 8259) into `JSONNode`s. Written here rather than taken from
/// Foundation because JSONSerialization turns 40000000014400001 into a Double and back.
public enum JSONReader {
    public struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let message: String

        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Nesting deeper than this is refused rather than allowed to exhaust the stack.
    public static let maximumDepth = 256

    public static func parse(_ text: String) throws(SyntaxError) -> JSONNode {
        let bytes = Array(text.utf8)
        var parser = Parser(bytes: bytes)
        do {
            return try parser.document()
        } catch {
            let (line, column) = position(ofOffset: error.offset, in: bytes)
            throw SyntaxError(line: line, column: column, message: error.message)
        }
    }

    /// Line and column (both from 1, the column in characters) of a UTF-8 offset.
    public static func position(ofOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        position(ofOffset: offset, in: Array(text.utf8))
    }

    static func position(ofOffset offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // continuation bytes belong to the character before
                column += 1
            }
        }
        return (line, column)
    }
}

private struct Failure: Error {
    let offset: Int
    let message: String
}

private struct Parser {
    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        if bytes.starts(with: byteOrderMark) { index = byteOrderMark.count }
    }

    mutating func document() throws(Failure) -> JSONNode {
        skipWhitespace()
        let node = try value()
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected text after the JSON value") }
        return node
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func fail(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(offset: offset ?? index, message: message)
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            index += 1
        }
    }

    private mutating func value() throws(Failure) -> JSONNode {
        let start = index
        guard let byte = current else { throw fail("expected a value, found the end of the text") }
        switch byte {
        case UInt8(ascii: "{"): return JSONNode(kind: try object(), offset: start)
        case UInt8(ascii: "["): return JSONNode(kind: try array(), offset: start)
        case UInt8(ascii: "\""): return JSONNode(kind: .string(try string()), offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(kind: .number(try number()), offset: start)
        case UInt8(ascii: "t"): try literal("true"); return JSONNode(kind: .bool(true), offset: start)
        case UInt8(ascii: "f"): try literal("false"); return JSONNode(kind: .bool(false), offset: start)
        case UInt8(ascii: "n"): try literal("null"); return JSONNode(kind: .null, offset: start)
        default: throw fail("expected a value (object, array, string, number, true, false or null)")
        }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard bytes[index...].starts(with: expected) else { throw fail("expected '\(word)'") }
        index += expected.count
    }

    private mutating func enterContainer() throws(Failure) {
        depth += 1
        guard depth <= JSONReader.maximumDepth else {
            throw fail("nesting deeper than \(JSONReader.maximumDepth) levels")
        }
        index += 1
        skipWhitespace()
    }

    private mutating func array() throws(Failure) -> JSONNode.Kind {
        try enterContainer()
        defer { depth -= 1 }
        var items: [JSONNode] = []
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            items.append(try value())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1; skipWhitespace()
            case UInt8(ascii: "]"): index += 1; return .array(items)
            default: throw fail("expected ',' or ']' after an array element")
            }
        }
    }

    private mutating func object() throws(Failure) -> JSONNode.Kind {
        try enterContainer()
        defer { depth -= 1 }
        var members: [JSONNode.Member] = []
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            guard current == UInt8(ascii: "\"") else { throw fail("expected a member name in double quotes") }
            let key = try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw fail("expected ':' after the member name") }
            index += 1
            skipWhitespace()
            members.append(JSONNode.Member(key: key, value: try value()))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1; skipWhitespace()
            case UInt8(ascii: "}"): index += 1; return .object(members)
            default: throw fail("expected ',' or '}' after an object member")
            }
        }
    }

    private mutating func number() throws(Failure) -> String {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = skipDigits()
        guard integerDigits > 0 else { throw fail("expected a digit") }
        guard bytes[integerStart] != UInt8(ascii: "0") || integerDigits == 1 else {
            throw fail("a number must not have leading zeros", at: integerStart)
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw fail("expected a digit after the decimal point") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw fail("expected a digit in the exponent") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipDigits() -> Int {
        let from = index
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            index += 1
        }
        return index - from
    }

    private mutating func string() throws(Failure) -> String {
        let start = index
        index += 1
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw fail("unterminated string", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &utf8)
            case ..<0x20:
                throw fail("control character in a string; write it as an escape such as \\n")
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    private mutating func escape(into utf8: inout [UInt8]) throws(Failure) {
        guard let byte = current else { throw fail("unterminated escape") }
        let simple: UInt8? =
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): byte
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            utf8.append(simple)
            index += 1
            return
        }
        guard byte == UInt8(ascii: "u") else {
            throw fail("invalid escape; allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
        let escapeStart = index - 1
        index += 1
        var code = try hexQuad()
        if (0xD800..<0xDC00).contains(code) {
            // A high surrogate needs its low half as a second \u escape.
            guard bytes[index...].starts(with: Array("\\u".utf8)) else {
                throw fail("unpaired surrogate in a \\u escape", at: escapeStart)
            }
            index += 2
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else {
                throw fail("unpaired surrogate in a \\u escape", at: escapeStart)
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else {
            throw fail("unpaired surrogate in a \\u escape", at: escapeStart)
        }
        utf8.append(contentsOf: String(scalar).utf8)
    }

    private mutating func hexQuad() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count,
            bytes[index..<index + 4].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
            let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw fail("expected four hex digits after \\u") }
        index += 4
        return code
    }
}
