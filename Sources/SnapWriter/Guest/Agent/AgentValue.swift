/// A JSON value as qemu-ga holds it after parsing (QEMU's QObject): integers stay 64-bit
/// signed, or unsigned when only that fits, or become a double; strings are the bytes of
/// QEMU's modified UTF-8 (U+0000 is `C0 80`), so an `id` goes back out exactly as QEMU
/// would write it.
enum AgentValue: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string([UInt8])
    case list([AgentValue])
    case dict(AgentDict)

    static func string(_ text: String) -> AgentValue { .string(Array(text.utf8)) }

    /// The value's text when it is a string, for command names and mount points.
    var text: String? {
        guard case .string(let bytes) = self else { return nil }
        return AgentModifiedUTF8.decode(bytes)
    }
}
