import SnapWriter

/// The `* WRITER "name"` block diskshadow's `list writers status` and vshadow's `-ws` print
/// for one writer (reference §3): its state by number and SDK name, its failure code, its
/// class and instance ids. The two tools differ only in indentation and spacing.
public struct WriterStatusBlock: Sendable {
    /// What starts each detail line: eight spaces for diskshadow, three for vshadow.
    public let indent: String

    public static let diskshadow = WriterStatusBlock(indent: "        ")
    public static let vshadow = WriterStatusBlock(indent: "   ")

    public func lines(_ status: WriterStatus) -> [String] {
        [
            "* WRITER \"\(status.name)\"",
            "\(indent)- Status: \(status.state.rawValue) (\(status.state.name))",
            "\(indent)- Writer Failure code: \(Self.code(status.lastError))",
            "\(indent)- Writer ID: \(status.writerId)",
            "\(indent)- Instance ID: \(status.instanceId)",
        ]
    }

    /// `0x800423f4 (VSS_E_WRITERERROR_NONRETRYABLE)`: lower-case hex as the tools' printf
    /// (`0x%08lx`) writes it, then the SDK name.
    public static func code(_ hresult: HResult) -> String {
        let digits = String(hresult.rawValue, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits + " (\(hresult.name))"
    }
}
