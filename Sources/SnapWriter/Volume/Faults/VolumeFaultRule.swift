/// One volume fault: which operation, on which files, fails with which error and/or takes
/// how long, with what probability and how many times.
public struct VolumeFaultRule: Sendable, Equatable {
    public var operation: VolumeOperation
    /// A path on the volume (`Data/Sales.mdf`, or a directory for everything under it);
    /// nil for every file.
    public var path: String?
    /// nil: the operation succeeds, only late.
    public var error: OperatingSystemError?
    public var latency: Duration
    /// The chance that a matching operation is hit, in (0, 1].
    public var probability: Double
    /// How many hits at most; nil: no limit.
    public var times: Int?

    public init(operation: VolumeOperation, path: String? = nil, error: OperatingSystemError? = nil,
                latency: Duration = .zero, probability: Double = 1, times: Int? = nil) {
        self.operation = operation
        self.path = path.map(Self.normalized)
        self.error = error
        self.latency = latency
        self.probability = probability
        self.times = times
    }

    /// Whether the rule covers `operation` on the file at `path` (relative to the volume).
    public func matches(_ operation: VolumeOperation, path candidate: String) -> Bool {
        guard operation == self.operation else { return false }
        guard let path else { return true }
        let file = Self.normalized(candidate)
        return file == path || file.hasPrefix(path + "/")
    }

    /// Windows separators and leading or trailing slashes do not matter: `D:\Data\` is `Data`.
    public static func normalized(_ path: String) -> String {
        var text = path.replacingOccurrences(of: "\\", with: "/")
        if text.count >= 2, text.dropFirst().first == ":" { text = String(text.dropFirst(2)) }
        return text.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }
}
