import Foundation

/// Runs the built `snapwriter` executable as a user would, capturing both streams.
struct CLIProcess {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable built with the tests: next to the test bundle, which is where a build
    /// with any `--scratch-path` puts it, else in the package's own `.build`.
    static var executable: URL? {
        let beside = testBundleDirectory.map { [$0.appendingPathComponent("snapwriter")] } ?? []
        let candidates = beside + [".build/debug/snapwriter", ".build/release/snapwriter"]
            .map { packageRoot.appendingPathComponent($0) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The directory of the running test bundle (`…/debug/SnapWriterPackageTests.xctest`).
    private static var testBundleDirectory: URL? {
        let bundle = Bundle.main.bundleURL
        let directory = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        let argument = CommandLine.arguments.first.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        return [directory, argument].compactMap { $0 }
            .first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("snapwriter").path) }
    }

    static func run(_ arguments: [String]) throws -> Outcome {
        guard let executable else {
            throw CLIError(message: "the snapwriter executable is not built; run 'swift build' first")
        }
        return try launch(executable, arguments, in: packageRoot)
    }

    /// A system tool (`tar`, `sha256sum`) found on the PATH, run in `directory`.
    static func tool(_ name: String, _ arguments: [String], in directory: URL) throws -> Outcome {
        try launch(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments, in: directory)
    }

    private static func launch(_ executable: URL, _ arguments: [String], in directory: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                       stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func temporaryFile(_ contents: String, name: String = "scenario.yaml") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

struct CLIError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
