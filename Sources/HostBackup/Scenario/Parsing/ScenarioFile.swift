import Foundation

/// Reads a scenario file's text; whatever keeps it from being read is a scenario error too,
/// since the user named a file that is not a usable scenario.
enum ScenarioFile {
    static func read(_ path: String) throws(ScenarioError) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw unreadable(path, "it is a directory")
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw unreadable(path, String(cString: strerror(errno))) }
        close(descriptor)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw unreadable(path, "the read failed")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw unreadable(path, "it is not UTF-8 text")
        }
        return text
    }

    private static func unreadable(_ path: String, _ reason: String) -> ScenarioError {
        ScenarioError(file: path, line: nil, column: nil, key: nil, message: "cannot read the scenario file: \(reason)")
    }
}
