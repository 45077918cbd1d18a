import Foundation

/// A log sequence number: virtual log file sequence, log block offset, slot.
/// Compared, never added: the numeric form exceeds 64 bits, so it is kept as its parts.
public struct LSN: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let vlf: UInt32
    public let block: UInt32
    public let slot: UInt16

    public init(vlf: UInt32, block: UInt32, slot: UInt16) {
        self.vlf = vlf
        self.block = block
        self.slot = slot
    }

    public static let zero = LSN(vlf: 0, block: 0, slot: 0)

    public static func < (lhs: LSN, rhs: LSN) -> Bool {
        (lhs.vlf, lhs.block, lhs.slot) < (rhs.vlf, rhs.block, rhs.slot)
    }

    /// `00000028:00000090:0001`, as log readers print it.
    public var hex: String {
        func pad(_ value: UInt64, _ width: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(UInt64(vlf), 8)):\(pad(UInt64(block), 8)):\(pad(UInt64(slot), 4))"
    }

    /// `0x00000028:00000090:0001`, as error messages print it.
    public var prefixedHex: String { "0x" + hex }

    /// `40:144:1`, as fn_dblog takes it.
    public var colonDecimal: String { "\(vlf):\(block):\(slot)" }

    /// `40000000014400001`: numeric(25,0) as msdb stores it (V·10^15 + B·10^5 + S).
    public var numeric: String {
        let blockText = String(block)
        let slotText = String(slot)
        let tail = String(repeating: "0", count: 10 - blockText.count) + blockText
            + String(repeating: "0", count: 5 - slotText.count) + slotText
        guard vlf > 0 else {
            let trimmed = tail.drop(while: { $0 == "0" })
            return trimmed.isEmpty ? "0" : String(trimmed)
        }
        return String(vlf) + tail
    }

    public var description: String { numeric }

    /// Reads any of the three spellings; nil when the text is none of them or a part is
    /// out of range.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains(":") {
            var body = Substring(trimmed)
            let hasPrefix = body.hasPrefix("0x") || body.hasPrefix("0X")
            if hasPrefix { body = body.dropFirst(2) }
            let parts = body.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
            let isHexForm = hasPrefix || (parts[0].count == 8 && parts[1].count == 8 && parts[2].count == 4)
            let radix = isHexForm ? 16 : 10
            // Integer parsing alone would take "+40" and "-0": a part is digits only.
            let isDigit: (Character) -> Bool = { $0.isASCII && (isHexForm ? $0.isHexDigit : $0.isWholeNumber) }
            guard parts.allSatisfy({ $0.allSatisfy(isDigit) }) else { return nil }
            guard let v = UInt32(parts[0], radix: radix), let b = UInt32(parts[1], radix: radix),
                let s = UInt16(parts[2], radix: radix)
            else { return nil }
            self.init(vlf: v, block: b, slot: s)
            return
        }
        guard !trimmed.isEmpty, trimmed.count <= 25, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        let digits = Array(trimmed)
        let slotDigits = digits.suffix(5)
        let blockDigits = digits.dropLast(5).suffix(10)
        let vlfDigits = digits.dropLast(15)
        guard let s = UInt16(String(slotDigits)),
            let b = blockDigits.isEmpty ? 0 : UInt32(String(blockDigits)),
            let v = vlfDigits.isEmpty ? 0 : UInt32(String(vlfDigits))
        else { return nil }
        self.init(vlf: v, block: b, slot: s)
    }
}
