/// What the timeline reads out of a trace event's detail text: the HRESULT or SQL Server
/// message number a failure names, the replicas a handshake message went between, a
/// duration the trace measured.
enum TraceText {
    /// The first `0x` and eight hex digits in `text`, upper-cased as the specs write them.
    static func hresult(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 10 else { return nil }
        var index = 0
        while index + 10 <= scalars.count {
            if scalars[index] == "0", scalars[index + 1] == "x" || scalars[index + 1] == "X",
               scalars[(index + 2)..<(index + 10)].allSatisfy(isHex),
               index + 10 == scalars.count || !isHex(scalars[index + 10])
            {
                return "0x" + String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 10)])).uppercased()
            }
            index += 1
        }
        return nil
    }

    private static func isHex(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "a"..."f", "A"..."F": true
        default: false
        }
    }

    /// `Msg 3059` from `Msg 3059, Level 16, ...`.
    static func sqlMessage(in text: String) -> String? {
        guard let range = text.range(of: "Msg ") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        return digits.isEmpty ? nil : "Msg \(digits)"
    }

    /// What a failure mark says: its HRESULT, else its SQL Server message, else the event.
    static func failureLabel(event: String, detail: String) -> String {
        hresult(in: detail) ?? sqlMessage(in: detail) ?? event
    }

    /// `(from, to, delivered)` of a handshake message's detail, `step 3: VM2 → VM1: ...`.
    static func route(_ detail: String) -> (from: String, to: String, delivered: Bool)? {
        var text = Substring(detail)
        if text.hasPrefix("step "), let colon = text.firstIndex(of: ":") {
            text = text[text.index(after: colon)...].drop { $0 == " " }
        }
        guard let arrow = text.range(of: " → ") else { return nil }
        let from = String(text[..<arrow.lowerBound])
        let rest = text[arrow.upperBound...]
        guard let colon = rest.range(of: ": ") else { return nil }
        let to = String(rest[..<colon.lowerBound])
        return (from, to, !rest[colon.upperBound...].hasPrefix("not delivered"))
    }

    /// The step number of a handshake event's detail, `step 3: ...`.
    static func step(_ detail: String) -> String? {
        guard detail.hasPrefix("step ") else { return nil }
        let digits = detail.dropFirst(5).prefix { $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }

    /// The database a native backup statement names: `BACKUP LOG [Sales] TO ...`.
    static func bracketed(_ text: String) -> String? {
        guard let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    /// `held 0.325 ms`: the milliseconds the trace measured itself, when it says.
    static func heldMilliseconds(_ detail: String) -> Double? {
        guard detail.hasPrefix("held "), detail.hasSuffix(" ms") else { return nil }
        return Double(detail.dropFirst(5).dropLast(3))
    }
}
