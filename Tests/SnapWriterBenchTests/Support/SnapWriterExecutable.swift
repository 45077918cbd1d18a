import Foundation

/// The `snapwriter` executable built with the tests, for tests that run the bench as a
/// user would: next to the test bundle (where a build with any `--scratch-path` puts it),
/// else in the package's own `.build`.
enum SnapWriterExecutable {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var url: URL? {
        let bundle = Bundle.main.bundleURL
        let bundleDirectory = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        let argumentDirectory = CommandLine.arguments.first.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        let beside = [bundleDirectory, argumentDirectory].compactMap { $0 }.map { $0.appendingPathComponent("snapwriter") }
        let built = [".build/debug/snapwriter", ".build/release/snapwriter"].map { packageRoot.appendingPathComponent($0) }
        return (beside + built).first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Starts `snapwriter ARGUMENTS` in the package root (where the bench finds the C
    /// passthrough's source), its output going to the files given, its signals as a shell
    /// would leave them.
    static func start(_ arguments: [String], stdout: FileHandle, stderr: FileHandle) throws -> Process {
        guard let url else { throw ExecutableMissing() }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try withSignalsUnblocked { try process.run() }
        return process
    }

    struct ExecutableMissing: Error, CustomStringConvertible {
        var description: String { "the snapwriter executable is not built; run 'swift build' first" }
    }
}
