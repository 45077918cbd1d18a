import Foundation

/// Runs `snapwriter` with a deadline: a run that outlives it is killed and reported as hung,
/// so a test that meets a hang fails instead of waiting for ever.
enum BoundedProcess {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
        let hung: Bool
    }

    static func run(_ arguments: [String], in directory: URL, deadline: Duration = .seconds(180)) throws -> Outcome {
        guard let executable = CLIProcess.executable else {
            throw CLIError(message: "the snapwriter executable is not built; run 'swift build' first")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = directory.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let err = directory.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: deadline)
        while process.isRunning && clock.now < end { usleep(20_000) }
        let hung = process.isRunning
        if hung { process.terminate() }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                       stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "", hung: hung)
    }

    /// Mount points under `directory` (FUSE or any other), from /proc/self/mountinfo.
    static func mounts(under directory: String) -> [String] {
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            let point = String(fields[4])
            return point.hasPrefix(directory + "/") ? point : nil
        }
    }

    /// Every path under `directory`, relative to it.
    static func tree(_ directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).sorted()
    }
}
