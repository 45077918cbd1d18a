import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The host the serve figures back up: examples/three-vms.yaml's topology (VM1 the primary
/// of AG1, VM2 without SQL Server, VM3 the secondary, which fails the full backup under
/// 2012 SP1), without `expect:` (serve refuses it) and on FUSE volumes.
enum ServeScenario {
    static let host = "HV01"
    static let text = """
        name: three-vms
        seed: 2012
        volumes: fuse
        host:
          name: HV01
          backupType: full
        vms:
          - name: VM1
            sql:
              version: 2012-SP1
              databases:
                - name: Sales
                - name: Inventory
          - name: VM2
          - name: VM3
            sql:
              version: 2012-SP1
              databases:
                - name: Sales
        availabilityGroups:
          - name: AG1
            databases: [Sales]
            replicas:
              - vm: VM1
                role: primary
              - vm: VM3
                role: secondary

        """

    /// Writes the scenario into the run directory; returns its path.
    static func write(into directory: String) throws(BenchError) -> String {
        let path = directory + "/three-vms.yaml"
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw BenchError("cannot write \(path): \(error.localizedDescription)")
        }
        return path
    }
}

/// A `snapwriter` child process: `run` to completion, or `serve` until stopped. Children
/// make their temporary run directories (the guests' FUSE mounts) in the bench's run
/// directory, and none of their signals is blocked.
final class SnapWriterChild {
    let process = Process()
    private let output = Pipe()
    private(set) var port: UInt16 = 0
    let what: String
    /// Where the child's stderr goes: quoted when it ends badly.
    private let logPath: String

    init(executable: String, arguments: [String], runDirectory: String, log: String) throws(BenchError) {
        what = "snapwriter " + arguments.joined(separator: " ")
        logPath = log
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = runDirectory
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        do {
            try Self.withSignalsUnblocked { try process.run() }
        } catch {
            throw BenchError("cannot start \(what): \(error)")
        }
    }

    /// `snapwriter run SCENARIO`, waited for; its report is read and dropped.
    static func run(executable: String, scenario: String, runDirectory: String) throws(BenchError) {
        let child = try SnapWriterChild(executable: executable, arguments: ["run", scenario, "--format", "json"],
                                        runDirectory: runDirectory, log: runDirectory + "/run.log")
        _ = child.output.fileHandleForReading.readDataToEndOfFile()
        child.process.waitUntilExit()
        guard child.process.terminationStatus == 0 else {
            throw BenchError("\(child.what) exited \(child.process.terminationStatus): \(child.log(runDirectory + "/run.log"))")
        }
    }

    /// `snapwriter serve SCENARIO --listen 127.0.0.1:0`, once it printed where it listens.
    static func serve(executable: String, scenario: String, runDirectory: String) throws(BenchError) -> SnapWriterChild {
        let log = runDirectory + "/serve.log"
        let child = try SnapWriterChild(executable: executable, arguments: ["serve", scenario, "--listen", "127.0.0.1:0"],
                                        runDirectory: runDirectory, log: log)
        var line: [UInt8] = []
        var byte: UInt8 = 0
        let descriptor = child.output.fileHandleForReading.fileDescriptor
        while read(descriptor, &byte, 1) == 1, byte != 10 { line.append(byte) }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on "), let url = URL(string: String(text.dropFirst("listening on ".count))),
              let port = url.port.flatMap(UInt16.init(exactly:)) else {
            child.process.terminate()
            child.process.waitUntilExit()
            throw BenchError("\(child.what) did not start: \(text.isEmpty ? child.log(log) : text)")
        }
        child.port = port
        return child
    }

    /// SIGTERM, and the graceful end serve does on it (its mounts unmounted), waited for.
    func stop() throws(BenchError) {
        process.terminate()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let reason = process.terminationReason == .exit ? "exit status" : "signal"
            throw BenchError("\(what) ended with \(reason) \(process.terminationStatus) on SIGTERM: \(String(log(logPath).suffix(2000)))")
        }
    }

    private func log(_ path: String) -> String {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A child inherits the signal mask of the thread that starts it, and a thread of a
    /// test runner or of Dispatch's pool may block SIGTERM: none is blocked while it starts.
    /// (serve handles SIGINT and SIGTERM itself, whatever it inherits as their disposition.)
    private static func withSignalsUnblocked(_ body: () throws -> Void) rethrows {
        var none = sigset_t()
        var saved = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        try body()
    }
}
