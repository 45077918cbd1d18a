/// An HRESULT as VSS returns it, with the SDK's name for the codes SnapWriter emulates.
public struct HResult: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let ok = HResult(rawValue: 0x0000_0000)
    public static let badState = HResult(rawValue: 0x8004_2301)
    public static let unexpected = HResult(rawValue: 0x8004_2302)
    public static let providerVeto = HResult(rawValue: 0x8004_2306)
    public static let providerNotRegistered = HResult(rawValue: 0x8004_2304)
    public static let objectNotFound = HResult(rawValue: 0x8004_2308)
    public static let volumeNotSupported = HResult(rawValue: 0x8004_230C)
    public static let unexpectedProviderError = HResult(rawValue: 0x8004_230F)
    public static let maxVolumesReached = HResult(rawValue: 0x8004_2312)
    public static let flushWritesTimeout = HResult(rawValue: 0x8004_2313)
    public static let holdWritesTimeout = HResult(rawValue: 0x8004_2314)
    public static let unexpectedWriterError = HResult(rawValue: 0x8004_2315)
    public static let snapshotSetInProgress = HResult(rawValue: 0x8004_2316)
    public static let maxSnapshotsReached = HResult(rawValue: 0x8004_2317)
    public static let writerInfrastructure = HResult(rawValue: 0x8004_2318)
    public static let writerNotResponding = HResult(rawValue: 0x8004_2319)
    public static let insufficientStorage = HResult(rawValue: 0x8004_231F)
    public static let writerErrorPartialFailure = HResult(rawValue: 0x8004_2336)
    public static let writerErrorInconsistentSnapshot = HResult(rawValue: 0x8004_23F0)
    public static let writerErrorOutOfResources = HResult(rawValue: 0x8004_23F1)
    public static let writerErrorTimeout = HResult(rawValue: 0x8004_23F2)
    public static let writerErrorRetryable = HResult(rawValue: 0x8004_23F3)
    public static let writerErrorNonRetryable = HResult(rawValue: 0x8004_23F4)
    public static let writerErrorRecoveryFailed = HResult(rawValue: 0x8004_23F5)
    // Win32 errors as HRESULTs, for a backup target that fails (HRESULT_FROM_WIN32).
    public static let accessDenied = HResult(rawValue: 0x8007_0005)
    /// E_FAIL, which the QEMU guest agent's requester uses for its own Frozen-event failures.
    public static let genericFailure = HResult(rawValue: 0x8000_4005)
    public static let invalidData = HResult(rawValue: 0x8007_000D)
    public static let diskFull = HResult(rawValue: 0x8007_0070)
    public static let ioDevice = HResult(rawValue: 0x8007_045D)

    /// HRESULT_FROM_WIN32: a Windows error code as an HRESULT (`112` → `0x80070070`).
    public static func fromWin32(_ code: Int) -> HResult {
        HResult(rawValue: 0x8007_0000 | UInt32(code & 0xFFFF))
    }

    private static let names: [HResult: String] = [
        .ok: "S_OK",
        .badState: "VSS_E_BAD_STATE",
        .unexpected: "VSS_E_UNEXPECTED",
        .providerVeto: "VSS_E_PROVIDER_VETO",
        .providerNotRegistered: "VSS_E_PROVIDER_NOT_REGISTERED",
        .objectNotFound: "VSS_E_OBJECT_NOT_FOUND",
        .volumeNotSupported: "VSS_E_VOLUME_NOT_SUPPORTED",
        .unexpectedProviderError: "VSS_E_UNEXPECTED_PROVIDER_ERROR",
        .maxVolumesReached: "VSS_E_MAX_VOLUMES_REACHED",
        .flushWritesTimeout: "VSS_E_FLUSH_WRITES_TIMEOUT",
        .holdWritesTimeout: "VSS_E_HOLD_WRITES_TIMEOUT",
        .unexpectedWriterError: "VSS_E_UNEXPECTED_WRITER_ERROR",
        .snapshotSetInProgress: "VSS_E_SNAPSHOT_SET_IN_PROGRESS",
        .maxSnapshotsReached: "VSS_E_MAX_SNAPSHOTS_REACHED",
        .writerInfrastructure: "VSS_E_WRITER_INFRASTRUCTURE",
        .writerNotResponding: "VSS_E_WRITER_NOT_RESPONDING",
        .insufficientStorage: "VSS_E_INSUFFICIENT_STORAGE",
        .writerErrorPartialFailure: "VSS_E_WRITERERROR_PARTIAL_FAILURE",
        .writerErrorInconsistentSnapshot: "VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT",
        .writerErrorOutOfResources: "VSS_E_WRITERERROR_OUTOFRESOURCES",
        .writerErrorTimeout: "VSS_E_WRITERERROR_TIMEOUT",
        .writerErrorRetryable: "VSS_E_WRITERERROR_RETRYABLE",
        .writerErrorNonRetryable: "VSS_E_WRITERERROR_NONRETRYABLE",
        .writerErrorRecoveryFailed: "VSS_E_WRITERERROR_RECOVERY_FAILED",
        .accessDenied: "E_ACCESSDENIED",
        .genericFailure: "E_FAIL",
        .invalidData: "HRESULT_FROM_WIN32(ERROR_INVALID_DATA)",
        .diskFull: "HRESULT_FROM_WIN32(ERROR_DISK_FULL)",
        .ioDevice: "HRESULT_FROM_WIN32(ERROR_IO_DEVICE)",
    ]

    /// The SDK name, or the hex spelling for a code SnapWriter has no name for.
    public var name: String { Self.names[self] ?? hex }

    /// `0x800423F4`: eight upper-case hex digits, as Windows prints them.
    public var hex: String {
        let digits = String(rawValue, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    public var description: String { "\(name) (\(hex))" }

    public var isSuccess: Bool { rawValue & 0x8000_0000 == 0 }

    /// Parses `0x800423F4` (any case) or a known SDK name.
    public init?(text: String) {
        if let named = Self.names.first(where: { $0.value == text }) {
            self = named.key
            return
        }
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.count <= 8, let value = UInt32(digits, radix: 16) else { return nil }
        self.init(rawValue: value)
    }

    /// The text vssadmin prints after `Last error:` for a writer's failure code.
    public var vssadminLastError: String {
        switch self {
        case .ok: "No error"
        case .writerErrorRetryable: "Retryable error"
        case .writerErrorNonRetryable: "Non-retryable error"
        case .writerErrorTimeout: "Timed out"
        case .writerErrorInconsistentSnapshot: "Inconsistent shadow copy"
        case .writerErrorOutOfResources: "Out of resources"
        case .writerErrorPartialFailure: "Partial failure"
        case .writerErrorRecoveryFailed: "Recovery failed"
        default: "Unexpected error \(hex)"
        }
    }
}
