import Foundation

/// What a failed file operation tells a person: the operating system's own words and the
/// errno's name ("No space left on device (ENOSPC)"), which Foundation's localised text
/// ("There isn't enough space") hides.
enum FileErrorText {
    static func describe(_ error: Error) -> String {
        let code = posixCode(error)
        guard let code else { return error.localizedDescription }
        let name = names[code].map { " (\($0))" } ?? ""
        return String(cString: strerror(code)) + name
    }

    private static func posixCode(_ error: Error) -> Int32? {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return Int32(nsError.code) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? Error, let code = posixCode(underlying) {
            return code
        }
        if let cocoa = error as? CocoaError, cocoa.code == .fileWriteOutOfSpace { return ENOSPC }
        return nil
    }

    private static let names: [Int32: String] = [
        ENOSPC: "ENOSPC", EIO: "EIO", EACCES: "EACCES", EROFS: "EROFS", EDQUOT: "EDQUOT", ENOENT: "ENOENT",
        EPERM: "EPERM",
    ]
}
