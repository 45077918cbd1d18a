/// QEMU's modified UTF-8 (`util/unicode.c`): one code point at a time, with QEMU's verdicts
/// on impossible bytes, missing continuation bytes, overlong forms, surrogates and
/// noncharacters, so the parser refuses and the writer replaces exactly what qemu-ga does.
enum AgentModifiedUTF8 {
    /// `mod_utf8_codepoint(s, 6, &end)`: the code point at `start` (-1 when invalid) and
    /// where the sequence ends. A NUL byte or the end of input is an empty, invalid sequence.
    static func codepoint(_ bytes: [UInt8], at start: Int) -> (codepoint: Int, end: Int) {
        guard start < bytes.count, bytes[start] != 0 else { return (-1, start) }
        let first = Int(bytes[start])
        var position = start + 1
        if first < 0x80 { return (first, position) }
        if first >= 0xFE || first & 0x40 == 0 { return (-1, position) }
        var length = 0
        var mask = 0x80
        while first & mask != 0 {
            length += 1
            mask >>= 1
        }
        var point = first & (mask - 1)
        for index in 1..<length {
            let byte = index < 6 && position < bytes.count ? Int(bytes[position]) : 0
            if byte & 0xC0 != 0x80 { return (-1, position) }
            position += 1
            point = (point << 6) | (byte & 0x3F)
        }
        let minimum = [0x80, 0x800, 0x10000, 0x200000, 0x4000000][length - 2]
        if !isValid(point) { return (-1, position) }
        if point < minimum && !(point == 0 && length == 2) { return (-1, position) }
        return (point, position)
    }

    /// `mod_utf8_encode`: nil for a code point QEMU refuses; U+0000 becomes `C0 80`.
    static func encode(_ point: Int) -> [UInt8]? {
        guard isValid(point), point >= 0 else { return nil }
        switch point {
        case 1...0x7F: return [UInt8(point)]
        case 0...0x7FF: return [UInt8(0xC0 | (point >> 6) & 0x1F), UInt8(0x80 | point & 0x3F)]
        case 0...0xFFFF:
            return [UInt8(0xE0 | (point >> 12) & 0x0F), UInt8(0x80 | (point >> 6) & 0x3F), UInt8(0x80 | point & 0x3F)]
        default:
            return [UInt8(0xF0 | (point >> 18) & 0x07), UInt8(0x80 | (point >> 12) & 0x3F),
                    UInt8(0x80 | (point >> 6) & 0x3F), UInt8(0x80 | point & 0x3F)]
        }
    }

    static func isValid(_ point: Int) -> Bool {
        if point > 0x10FFFF { return false }
        if (0xFDD0...0xFDEF).contains(point) || point & 0xFFFE == 0xFFFE { return false }
        if (0xD800...0xDFFF).contains(point) { return false }
        return true
    }

    /// Text for Swift callers: `C0 80` back to U+0000, anything invalid as U+FFFD.
    static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let (point, end) = codepoint(bytes, at: index)
            let scalar = point < 0 ? nil : Unicode.Scalar(UInt32(point))
            scalars.append(scalar ?? "\u{FFFD}")
            index = max(end, index + 1)
        }
        return String(scalars)
    }
}
