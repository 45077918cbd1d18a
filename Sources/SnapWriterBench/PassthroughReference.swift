import Foundation
import SnapWriter
#if canImport(Glibc)
import Glibc
#endif

/// The C reference: Benchmarks/passthrough/passthrough.c, compiled with `cc` into the run
/// directory and served over a directory by a process of its own.
final class PassthroughReference: BenchTarget {
    static let fileSystemType = "fuse.snapwriter-bench"
    let role = TargetRole.passthrough
    let root: String
    let process: Process

    /// The package's source tree, as this file was compiled from it.
    static let sourceTree = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let relativeSource = "Benchmarks/passthrough/passthrough.c"

    /// The C source: the one asked for, else the current directory's checkout, else the
    /// source tree this program was built from.
    static func locateSource(_ explicit: String?) -> Result<String, BenchError> {
        if let explicit {
            return FileManager.default.fileExists(atPath: explicit)
                ? .success(explicit) : .failure(BenchError("no passthrough source at \(explicit)"))
        }
        let candidates = [FileManager.default.currentDirectoryPath + "/" + relativeSource, sourceTree + "/" + relativeSource]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            return .failure(BenchError("\(relativeSource) not found (looked in \(candidates.joined(separator: " and "))); "
                + "run from the source tree or pass --passthrough-source"))
        }
        return .success(found)
    }

    /// `cc -O2 -o BINARY SOURCE $(pkg-config --cflags --libs fuse3)`; the binary's path, or
    /// why it could not be built.
    static func build(source: String, into directory: String) -> Result<String, BenchError> {
        guard let compiler = Subprocess.find("cc") else {
            return .failure(BenchError("cc not found on PATH, so the C passthrough cannot be built"))
        }
        guard let pkgConfig = Subprocess.find("pkg-config") else {
            return .failure(BenchError("pkg-config not found on PATH, so the C passthrough cannot be built"))
        }
        let binary = directory + "/passthrough"
        do {
            let flags = try Subprocess.run(pkgConfig, ["--cflags", "--libs", "fuse3"])
            guard flags.status == 0 else { return .failure(BenchError("pkg-config fuse3 failed: \(flags.output)")) }
            let arguments = ["-O2", "-o", binary, source] + flags.output.split(whereSeparator: \.isWhitespace).map(String.init)
            let compiled = try Subprocess.run(compiler, arguments)
            guard compiled.status == 0 else { return .failure(BenchError("cc failed on \(source): \(compiled.output)")) }
        } catch {
            return .failure(error)
        }
        return .success(binary)
    }

    /// Starts `binary SOURCE MOUNTPOINT` and returns once the mount is in the mount table.
    /// Its pid goes into the run directory at once, so a later bench can end it should this
    /// one be killed before it can.
    init(binary: String, source: String, mountpoint: String, recordedIn run: BenchRunDirectory) throws(BenchError) {
        root = mountpoint
        do {
            try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
        } catch {
            throw BenchError("cannot create \(mountpoint): \(error.localizedDescription)")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [source, mountpoint]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BenchError("cannot start \(binary): \(error.localizedDescription)")
        }
        BenchInterruption.track(child: process.processIdentifier)
        run.recordPassthrough(pid: process.processIdentifier)
        for _ in 0..<500 {
            if MountTable().isMounted(mountpoint, type: Self.fileSystemType) { return }
            if !process.isRunning { throw BenchError("the C passthrough exited with status \(process.terminationStatus)") }
            Thread.sleep(forTimeInterval: 0.01)
        }
        stop()
        throw BenchError("the C passthrough's mount at \(mountpoint) did not appear within 5 s")
    }

    func beforeOverwrite(label: String) {}

    /// SIGTERM ends its loop and it unmounts; a lazy unmount and SIGKILL if it does not.
    func stop() {
        guard process.isRunning else {
            BenchInterruption.forget(child: process.processIdentifier)
            return
        }
        process.terminate()
        for _ in 0..<300 where process.isRunning { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning || MountTable().isMounted(root, type: Self.fileSystemType) {
            _ = try? Subprocess.run(Subprocess.find("fusermount3") ?? "/bin/fusermount3", ["-uz", root])
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        BenchInterruption.forget(child: process.processIdentifier)
    }
}
