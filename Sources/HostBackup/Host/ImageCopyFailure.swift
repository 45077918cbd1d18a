import SnapWriter

/// Why the host requestor could not copy a VM's image into the repository, or could not
/// verify what it stored: the VM, the image file and the system's error. It fails that VM,
/// and with it the host backup (no partial backups), with the error as an HRESULT.
public struct ImageCopyFailure: Error, Sendable, Equatable {
    public let vm: String
    /// The guest volume imaged: `D:`.
    public let volume: String
    /// What went wrong, naming the operation and the file (`write repository/backup-1/VM1-D.tar:
    /// No space left on device (ENOSPC)`).
    public let error: RepositoryError

    /// The Windows error the system error stands for, as an HRESULT (`ENOSPC` → ERROR_DISK_FULL,
    /// `0x80070070`); an image that does not read back whole is ERROR_INVALID_DATA.
    public var hresult: HResult {
        error.systemError.map { HResult.fromWin32($0.windowsCode) } ?? .invalidData
    }

    /// Whether a repository fault rule caused it, rather than the machine.
    public var injected: Bool { error.injected }

    /// One sentence: `VM1's D: image could not be stored: write …: No space left on device (ENOSPC)`.
    public var message: String {
        "\(vm)'s \(volume) image could not be stored: \(error.message)"
    }
}
