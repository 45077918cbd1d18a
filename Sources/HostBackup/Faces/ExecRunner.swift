import Foundation

/// Runs the file a tool's `exec` names as a real process, as diskshadow's `exec` and
/// vshadow's `-exec=` do between making the shadow copies and completing the backup: an
/// executable file directly, any other file through `/bin/sh`; in the run directory, with
/// the tool's variables (aliases, shadow copy ids) added to the environment. Its output goes
/// to this process's.
struct ExecRunner {
    let runDirectory: String
    let variables: [String: String]

    /// Why a file could not be run: what the tool prints.
    struct LaunchError: Error {
        let message: String
    }

    /// The file's exit status once it has ended.
    func run(_ path: String) throws(LaunchError) -> Int32 {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw LaunchError(message: "the file '\(path)' does not exist or is a directory")
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        let process = Process()
        if fileManager.isExecutableFile(atPath: absolute.path) {
            process.executableURL = absolute
        } else {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [absolute.path]
        }
        process.currentDirectoryURL = URL(fileURLWithPath: runDirectory)
        process.environment = ProcessInfo.processInfo.environment.merging(variables) { _, new in new }
        do {
            try process.run()
        } catch {
            throw LaunchError(message: "'\(path)' could not be started: \(error.localizedDescription)")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
