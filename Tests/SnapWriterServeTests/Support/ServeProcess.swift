import Foundation
import SnapWriter
import TestSupport

/// A `snapwriter serve` started as a user would: the built executable in its own process,
/// its stdout read for the `listening on` line, driven with Debian's curl.
final class ServeProcess: @unchecked Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable built with the tests: beside the test bundle, else in the package's `.build`.
    static var executable: URL? {
        let bundle = Bundle.main.bundleURL
        let beside = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        let argument = CommandLine.arguments.first.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        let candidates = [beside, argument].compactMap { $0 }.map { $0.appendingPathComponent("snapwriter") }
            + [".build/debug/snapwriter", ".build/release/snapwriter"].map { packageRoot.appendingPathComponent($0) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    let process = Process()
    private let lock = NSLock()
    private var stdoutText = ""
    private var stderrText = ""
    /// `http://127.0.0.1:PORT`, once the server said so.
    private(set) var url = ""
    var token: String?

    /// Starts the server and, unless `expectReady` is false, waits for its `listening on` line.
    init(_ arguments: [String], expectReady: Bool = true) throws {
        guard let executable = Self.executable else { throw ServeTestError("the snapwriter executable is not built") }
        process.executableURL = executable
        process.arguments = ["serve"] + arguments
        process.currentDirectoryURL = Self.packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.append(handle.availableData, error: false) }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.append(handle.availableData, error: true) }
        try process.run()
        guard expectReady else { return }
        let ready = eventually(within: 180) { self.stdout.contains("\n") || !self.process.isRunning }
        let line = stdout.split(separator: "\n").first.map(String.init) ?? ""
        guard ready, line.hasPrefix("listening on http://") else {
            terminate()
            throw ServeTestError("no 'listening on' line; stdout: \(stdout) stderr: \(stderr)")
        }
        url = String(line.dropFirst("listening on ".count))
    }

    private func append(_ data: Data, error: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if error { stderrText += String(decoding: data, as: UTF8.self) } else { stdoutText += String(decoding: data, as: UTF8.self) }
    }

    var stdout: String { lock.withLock { stdoutText } }
    var stderr: String { lock.withLock { stderrText } }

    struct Answer {
        let status: Int
        let body: String
        let contentType: String

        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
    }

    /// One request with curl; `body` is sent as it stands (`@file` for a file).
    func curl(_ method: String, _ path: String, body: String? = nil, headers: [String] = []) throws -> Answer {
        // -g: a shadow copy id is a GUID in braces, which curl would otherwise read as a glob.
        var arguments = ["-sS", "-g", "-X", method, "-o", "-", "-w", "\n%{http_code} %{content_type}", url + "/api/v1" + path]
        for header in headers + (token.map { ["Authorization: Bearer \($0)"] } ?? []) { arguments += ["-H", header] }
        if let body {
            arguments += ["-H", "Content-Type: application/json", "--data-binary", body]
        }
        let result = try Self.run("/usr/bin/curl", arguments)
        guard let split = result.stdout.range(of: "\n", options: .backwards) else {
            throw ServeTestError("curl gave no status: \(result.stdout) \(result.stderr)")
        }
        let trailer = result.stdout[split.upperBound...].split(separator: " ", maxSplits: 1)
        return Answer(status: Int(trailer.first ?? "") ?? 0, body: String(result.stdout[..<split.lowerBound]),
                      contentType: trailer.count > 1 ? String(trailer[1]) : "")
    }

    /// SIGTERM (or another signal) and the exit status once the process ended.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) -> Int32? {
        kill(process.processIdentifier, signal)
        guard eventually(within: 120, { !process.isRunning }) else { return nil }
        return process.terminationStatus
    }

    /// Ends the server as a user would (SIGTERM, so it unmounts), SIGKILL only when it does
    /// not end; then whatever a killed server left mounted under its `--out` is let go of, so
    /// no test leaves a mount behind.
    func terminate() {
        if process.isRunning, stop(SIGTERM) == nil { stop(SIGKILL) }
        if let index = process.arguments?.firstIndex(of: "--out"), let out = process.arguments?.dropFirst(index + 1).first {
            StaleMounts.clean(under: out)
        }
    }

    deinit { terminate() }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// examples/three-vms.yaml without its `expect` (which belongs to `run`, so serve refuses
    /// it), in a new directory that also holds the run directory `out`.
    static func threeVMs() throws -> (scenario: String, out: String) {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("examples/three-vms.yaml"), encoding: .utf8)
        let served = text.components(separatedBy: "\nexpect:")[0] + "\n"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-serve-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let scenario = directory.appendingPathComponent("three-vms.yaml")
        try served.write(to: scenario, atomically: true, encoding: .utf8)
        return (scenario.path, directory.appendingPathComponent("out").path)
    }

    /// SnapWriter mounts under `directory` in this machine's mount table.
    static func mounts(under directory: String) -> [String] {
        let table = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").filter { $0.contains("fuse.snapwriter") && $0.contains(directory) }.map(String.init)
    }
}

struct ServeTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
