/// Times and durations of the simulation clock as the page prints them, and the numbers
/// of SVG coordinates. Formatted by hand: fast, and the same on every platform.
enum TimelineClock {
    /// A duration: `0.325 ms`, `8.09 ms`, `648 ms`, `1.50 s`, `60.0 s`, `12 min 5 s`.
    static func duration(_ ms: Double) -> String {
        let ms = max(ms, 0)
        if ms < 10 { return fixed(ms, 3) + " ms" }
        if ms < 100 { return fixed(ms, 2) + " ms" }
        if ms < 1000 { return fixed(ms, 0) + " ms" }
        if ms < 60_000 { return fixed(ms / 1000, 2) + " s" }
        if ms < 600_000 { return fixed(ms / 1000, 1) + " s" }
        let seconds = Int((ms / 1000).rounded())
        if seconds < 3600 { return "\(seconds / 60) min" + (seconds % 60 == 0 ? "" : " \(seconds % 60) s") }
        return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
    }

    /// A moment of the run: milliseconds since it began, with the clock's time of day past
    /// a minute (`13.855 ms`, `12.500 s`, `day 3 22:00:00.013`).
    static func moment(_ ms: Double, step: Double = 0.001) -> String {
        if ms < 1000 { return fixed(ms, decimals(for: step)) + " ms" }
        if ms < 60_000 { return fixed(ms / 1000, decimals(for: step / 1000)) + " s" }
        let totalMs = Int64(ms.rounded())
        let day = totalMs / 86_400_000 + 1
        let inDay = totalMs % 86_400_000
        let clock = two(inDay / 3_600_000) + ":" + two(inDay / 60_000 % 60) + ":" + two(inDay / 1000 % 60)
        let millis = inDay % 1000
        let fraction = step < 1000 ? "." + String(String(millis + 1000).dropFirst()) : ""
        return "day \(day) \(clock)\(fraction)"
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Enough decimals to tell ticks `step` apart, at most three.
    private static func decimals(for step: Double) -> Int {
        step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3
    }

    /// `value` with `decimals` digits after the point, rounded half away from zero.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let whole = Int64(scaled)
        let sign = value < 0 && whole != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }
        let divisor = Int64(scale)
        let fraction = String(whole % divisor + divisor).dropFirst()
        return sign + String(whole / divisor) + "." + fraction
    }

    /// An SVG coordinate: one decimal, no trailing `.0`.
    static func coordinate(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        if tenths % 10 == 0 { return String(tenths / 10) }
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return sign + String(magnitude / 10) + "." + String(magnitude % 10)
    }
}
