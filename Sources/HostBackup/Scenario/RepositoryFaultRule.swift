import SnapWriter

/// A fault of the backup target: the write of a VM's image into the repository fails, as
/// when the backup disk fills up or a NAS returns an I/O error, on any disk.
public struct RepositoryFaultRule: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The write fails with ENOSPC.
        case noSpace = "no-space"
        /// The write fails with EIO.
        case ioError = "io-error"

        /// The error the write fails with.
        public var error: OperatingSystemError {
            switch self {
            // Both are among the known errors; the names are fixed.
            case .noSpace: OperatingSystemError.named("ENOSPC")!
            case .ioError: OperatingSystemError.named("EIO")!
            }
        }
    }

    public var kind: Kind
    /// nil: every VM's image.
    public var vm: String?
    /// How many bytes of the image reach the disk before the write fails.
    public var afterBytes: Int
    /// nil: every image write it meets.
    public var times: Int?
    public var location: SourceLocation?

    public init(kind: Kind, vm: String?, afterBytes: Int = 0, times: Int? = nil, location: SourceLocation? = nil) {
        self.kind = kind
        self.vm = vm
        self.afterBytes = afterBytes
        self.times = times
        self.location = location
    }
}
