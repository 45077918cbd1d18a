#if canImport(Glibc)
import Glibc
#endif

/// An error number a volume fault returns, with the Windows error a guest's SQL Server
/// would have seen for it: SQL Server names the operating system error in Msg 823 and
/// Msg 17053 as `1117(The request could not be performed because of an I/O device error.)`.
public struct OperatingSystemError: Sendable, Equatable {
    /// The errno name: `EIO`.
    public let name: String
    /// The errno value on this system.
    public let value: Int32
    public let windowsCode: Int
    public let windowsText: String

    /// This system's words for the error: `No space left on device`.
    public var text: String { String(cString: strerror(value)) }

    /// The operating system error as SQL Server prints it.
    public var windowsDescription: String { "\(windowsCode)(\(windowsText))" }

    /// The errors a rule may name, with their Windows equivalents (docs/fidelity.md V3).
    public static let known: [OperatingSystemError] = [
        .init(name: "EIO", value: EIO, windowsCode: 1117,
              windowsText: "The request could not be performed because of an I/O device error."),
        .init(name: "ENOSPC", value: ENOSPC, windowsCode: 112, windowsText: "There is not enough space on the disk."),
        .init(name: "EROFS", value: EROFS, windowsCode: 19, windowsText: "The media is write protected."),
        .init(name: "ENXIO", value: ENXIO, windowsCode: 21, windowsText: "The device is not ready."),
        .init(name: "EACCES", value: EACCES, windowsCode: 5, windowsText: "Access is denied."),
        .init(name: "EPERM", value: EPERM, windowsCode: 5, windowsText: "Access is denied."),
        .init(name: "EDQUOT", value: EDQUOT, windowsCode: 1295,
              windowsText: "The requested file operation failed because the storage quota was exceeded."),
        .init(name: "ENOMEM", value: ENOMEM, windowsCode: 1450,
              windowsText: "Insufficient system resources exist to complete the requested service."),
        .init(name: "ETIMEDOUT", value: ETIMEDOUT, windowsCode: 121, windowsText: "The semaphore timeout period has expired."),
        .init(name: "EFBIG", value: EFBIG, windowsCode: 223,
              windowsText: "The file size exceeds the limit allowed and cannot be saved."),
        .init(name: "EAGAIN", value: EAGAIN, windowsCode: 33,
              windowsText: "The process cannot access the file because another process has locked a portion of the file."),
    ]

    public static func named(_ name: String) -> OperatingSystemError? { known.first { $0.name == name } }

    /// The known error with this errno value, or a generic one for an error no rule names
    /// (a real disk error under a FUSE volume).
    public static func from(errno value: Int32) -> OperatingSystemError {
        known.first { $0.value == value }
            ?? .init(name: "errno \(value)", value: value, windowsCode: 1117,
                     windowsText: "The request could not be performed because of an I/O device error.")
    }
}
