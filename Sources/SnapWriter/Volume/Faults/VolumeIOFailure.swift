/// A write or read of a file on a volume that failed: what SQL Server's engine learns from
/// the operating system when its I/O completes with an error.
public struct VolumeIOFailure: Sendable, Equatable {
    public enum Direction: String, Sendable { case read, write }

    /// The file, relative to the volume: `Data/Sales.mdf`.
    public let path: String
    public let direction: Direction
    /// Byte offset in the file.
    public let offset: Int
    public let error: OperatingSystemError

    public init(path: String, direction: Direction, offset: Int, error: OperatingSystemError) {
        self.path = path
        self.direction = direction
        self.offset = offset
        self.error = error
    }
}
