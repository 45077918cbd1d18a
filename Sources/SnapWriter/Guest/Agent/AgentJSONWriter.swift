import Foundation

/// QEMU's compact JSON writer (`qobject/json-writer.c`) as qemu-ga uses it for responses:
/// `": "` after a member name, `", "` between items, objects in QDict's bucket order,
/// every character outside printable ASCII as `\uXXXX` in upper-case hex, and any byte
/// sequence that is not valid modified UTF-8 as `\uFFFD`.
enum AgentJSONWriter {
    static func write(_ value: AgentValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    static func write(_ value: AgentValue, into out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .int(let number): out += Array(String(number).utf8)
        case .uint(let number): out += Array(String(number).utf8)
        case .double(let number): out += Array(String(format: "%.17g", number).utf8)
        case .string(let bytes): quote(bytes, into: &out)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .dict(let dict):
            out.append(UInt8(ascii: "{"))
            for (index, entry) in dict.ordered.enumerated() {
                if index > 0 { out += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                quote(entry.key, into: &out)
                out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
                write(entry.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `quoted_str`: the string ends at its first NUL byte, as a C string does.
    static func quote(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var index = 0
        while index < bytes.count, bytes[index] != 0 {
            var (point, end) = AgentModifiedUTF8.codepoint(bytes, at: index)
            index = end
            switch point {
            case 0x22: out += Array("\\\"".utf8)
            case 0x5C: out += Array("\\\\".utf8)
            case 0x08: out += Array("\\b".utf8)
            case 0x0C: out += Array("\\f".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            default:
                if point < 0 { point = 0xFFFD }
                if point > 0xFFFF {
                    hex(0xD800 + ((point - 0x10000) >> 10), into: &out)
                    hex(0xDC00 + ((point - 0x10000) & 0x3FF), into: &out)
                } else if point < 0x20 || point >= 0x7F {
                    hex(point, into: &out)
                } else {
                    out.append(UInt8(point))
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hex(_ unit: Int, into out: inout [UInt8]) {
        let digits = Array("0123456789ABCDEF".utf8)
        out += [UInt8(ascii: "\\"), UInt8(ascii: "u"),
                digits[unit >> 12 & 0xF], digits[unit >> 8 & 0xF], digits[unit >> 4 & 0xF], digits[unit & 0xF]]
    }
}
