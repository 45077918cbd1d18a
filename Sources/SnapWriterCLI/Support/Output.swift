import Foundation

/// Writes to the standard streams by file descriptor: `stderr` is a mutable global that
/// Swift 6 will not let us touch.
enum Output {
    static func print(_ text: String) {
        write(text + "\n", to: FileHandle.standardOutput)
    }

    /// `text` exactly as given, for output whose line ends are its own (vssadmin's).
    static func printVerbatim(_ text: String) {
        write(text, to: FileHandle.standardOutput)
    }

    static func error(_ text: String) {
        write("snapwriter: " + text + "\n", to: FileHandle.standardError)
    }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
