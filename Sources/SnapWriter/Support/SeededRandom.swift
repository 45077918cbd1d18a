/// SplitMix64: small, fast and the same on every platform, so one seed gives the same run
/// everywhere. Components take their own stream with `split(_:)` so adding a random choice
/// in one place does not shift the choices of another.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent stream for the component called `label`.
    public func split(_ label: String) -> SeededRandom {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a over the label
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        var mixer = SeededRandom(seed: state ^ hash)
        return SeededRandom(seed: mixer.next())
    }

    /// A GUID in the lower-case braced form Windows tools print.
    public mutating func guid() -> String {
        let high = next()
        let low = next()
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        // Version 4 and variant bits, so the text is a well-formed random GUID.
        let timeHigh = (high & 0xFFFF & 0x0FFF) | 0x4000
        let clockSeq = ((low >> 48) & 0x3FFF) | 0x8000
        return "{\(hex(high >> 32, 8))-\(hex((high >> 16) & 0xFFFF, 4))-\(hex(timeHigh, 4))-"
            + "\(hex(clockSeq, 4))-\(hex(low & 0xFFFF_FFFF_FFFF, 12))}"
    }

    /// A duration between `low` and `high` milliseconds, in whole microseconds.
    public mutating func milliseconds(_ low: Double, _ high: Double) -> Duration {
        let micros = Int64(low * 1000) + Int64(next() % UInt64(max(1, Int64((high - low) * 1000))))
        return .microseconds(micros)
    }
}
