import Foundation
import SnapWriter

/// Starts this executable again as a detached mount server and waits until its mount is
/// usable, so `--background` returns only when programs can use the mount. The server's
/// pid goes to `<logDirectory>/<name>.pid` and its output to `<logDirectory>/<name>.log`.
enum BackgroundMount {
    private static func confined(_ directory: String, _ name: String) throws -> String {
        do {
            return try ConfinedPath.make(directory, name)
        } catch {
            throw CommandExit.environment(error.description)
        }
    }

    static func start(arguments: [String], mountpoint: String, logDirectory: String, name: String) throws -> Int32 {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let logPath = try confined(logDirectory, "\(name).log")
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
            let log = FileHandle(forWritingAtPath: logPath)
        else {
            throw CommandExit.environment("cannot write \(logPath)")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw CommandExit.environment("cannot start the mount server: \(error.localizedDescription)")
        }
        let target = URL(fileURLWithPath: mountpoint).standardizedFileURL.path
        for _ in 0..<1000 {
            if StaleMounts.snapwriterMounts(under: target).contains(target) {
                try? "\(process.processIdentifier)\n".write(toFile: try confined(logDirectory, "\(name).pid"),
                                                            atomically: true, encoding: .utf8)
                return process.processIdentifier
            }
            if !process.isRunning {
                let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                throw CommandExit(code: process.terminationStatus == 2 ? 2 : 3,
                                  message: "the mount server exited: " + output.trimmingCharacters(in: .whitespacesAndNewlines)
                                    .replacingOccurrences(of: "snapwriter: ", with: ""))
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.terminate()
        throw CommandExit.environment("the mount at \(mountpoint) did not become usable within 10 s")
    }
}
