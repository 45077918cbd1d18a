import SnapWriter

/// One VM's volume image, as a host backup stored it in the repository: where it lies, its
/// size and SHA-256 as read back from the disk, and what `ImageVerifier` made of it.
public struct BackupImage: Sendable {
    /// Where the copy read the volume from.
    public enum Source: String, Sendable {
        /// A child VM snapshot: the guest's own shadow copy of the volume, while it existed.
        case guestShadowCopy = "guest-shadow-copy"
        /// A running VM without the backup integration service, copied while saved.
        case savedState = "saved-state"
        /// A VM that is off: its volume as it lies.
        case offline
        /// KVM: the host's own copy-on-write snapshot of the VM's disk.
        case hostSnapshot = "host-snapshot"
    }

    /// One file of the image.
    public struct File: Equatable, Sendable {
        public let path: String
        public let bytes: Int
    }

    public let vm: String
    /// The guest volume imaged: `D:`.
    public let volume: String
    public let source: Source
    /// The guest shadow copy the image was read from; nil for saved-state and offline images.
    public let snapshotId: String?
    /// Inside the repository: `backup-1/VM1-D.tar`.
    public let pathInRepository: String
    /// Where the image lies on this machine now (gone after the run for a temporary repository).
    public let absolutePath: String
    /// The path reports give: relative to the run's `--out` directory
    /// (`repository/backup-1/VM1-D.tar`); nil when the repository was temporary.
    public let reportedPath: String?
    /// Size of the image file, in bytes.
    public let bytes: Int
    /// SHA-256 of the image file, lower-case hex.
    public let sha256: String
    public let files: [File]
    public let verification: ImageVerification

    public var consistency: ImageConsistency { verification.consistency }
}
