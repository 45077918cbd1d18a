/// A volume fault that fired: what the operation was and what it got.
public struct VolumeFaultHit: Sendable, Equatable {
    public let operation: VolumeOperation
    public let path: String
    public let error: OperatingSystemError?
    public let latency: Duration
}
