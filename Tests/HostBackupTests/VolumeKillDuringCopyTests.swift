import Foundation
import SnapWriter
import Synchronization
import Testing
import TestSupport

/// `kill -9` of a volume's server while a program overwrites a file sequentially right after
/// a snapshot, so the copy-ahead worker is cut off with blocks half copied into the
/// snapshot's area. Afterwards every acknowledged write is in the live file, the snapshot
/// still reads as the file was, and the store goes on copying correctly once mounted again.
@Suite(.serialized, .enabled(if: FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1",
                             "/dev/fuse cannot be opened here; FUSE tests are skipped"))
final class VolumeKillDuringCopyTests {
    static let fileBytes = 64 << 20
    static let chunkBytes = 1 << 20
    static var chunks: Int { fileBytes / chunkBytes }

    let scratch: VolumeScratch
    var file: String { scratch.mountpoint + "/data.bin" }

    init() throws { scratch = try VolumeScratch("killcopy") }

    @Test(arguments: [1, 16, 40])
    func aServerKilledMidOverwriteKeepsAcknowledgedWritesAndTheSnapshot(killAfterMiB: Int) throws {
        #expect(try CLIProcess.run(["volume", "create", scratch.volume, "--size", "256MiB"]).status == 0)
        let mounted = try CLIProcess.run(["volume", "mount", scratch.volume, scratch.mountpoint, "--background"])
        try #require(mounted.status == 0, "\(mounted.stderr)")
        let server = try serverPid()

        let original = Self.bytes(seed: 0x0019_01a1)
        try write(original, to: file)
        let snapshot = try CLIProcess.run(["volume", "snapshot", scratch.volume])
        try #require(snapshot.status == 0, "\(snapshot.stderr)")
        let id = try #require(snapshot.stdout.split(separator: "\n").last.map(String.init))

        // The writer runs on a thread of its own; the kill goes in while it is writing.
        let replacement = Self.bytes(seed: 0x2e_91ace + UInt64(killAfterMiB))
        let overwrite = SequentialOverwrite(path: file, bytes: replacement, chunkBytes: Self.chunkBytes)
        overwrite.start()
        while overwrite.acknowledged < killAfterMiB, !overwrite.finished { usleep(200) }
        kill(server, SIGKILL)
        let acknowledged = overwrite.waitForResults()
        #expect(acknowledged.filter { $0 }.count >= killAfterMiB)
        #expect(acknowledged.contains(false), "the kill landed before the overwrite was done")
        #expect(eventually { StaleMounts.isStale(scratch.mountpoint) }, "the killed server leaves a stale mount")

        let again = try CLIProcess.run(["volume", "mount", scratch.volume, scratch.mountpoint, "--background"])
        try #require(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("cleaned a stale mount at \(scratch.mountpoint)"))

        // (1) The live file: each acknowledged write whole; each other one old or new page
        // by page (a write cut short by the kill may have landed in part).
        let live = try #require(FileManager.default.contents(atPath: file).map { [UInt8]($0) })
        try #require(live.count == Self.fileBytes)
        for chunk in 0..<Self.chunks {
            let range = (chunk * Self.chunkBytes)..<((chunk + 1) * Self.chunkBytes)
            if acknowledged[chunk] {
                #expect(live[range] == replacement[range], "acknowledged write \(chunk) holds its bytes")
            } else {
                let page = 4096
                let torn = stride(from: range.lowerBound, to: range.upperBound, by: page).first { start in
                    let slice = start..<(start + page)
                    return live[slice] != original[slice] && live[slice] != replacement[slice]
                }
                #expect(torn == nil, "unacknowledged write \(chunk): page at \(torn ?? 0) is neither old nor new")
            }
        }

        // After the reload, a block whose copy the kill cut short is copied again before it
        // changes: overwrite the file's last MiB once more through the new server.
        let last = (Self.fileBytes - Self.chunkBytes)..<Self.fileBytes
        let third = Self.bytes(seed: 0x7_4171d, count: Self.chunkBytes)
        try write(third, to: file, at: last.lowerBound)
        #expect(try #require(FileManager.default.contents(atPath: file)).suffix(Self.chunkBytes) == Data(third))

        // (2) The snapshot reads as the file was when it was taken, byte for byte.
        let exposing = try CLIProcess.run(["volume", "expose", scratch.volume, id, scratch.exposed, "--background"])
        try #require(exposing.status == 0, "\(exposing.stderr)")
        let frozen = try #require(FileManager.default.contents(atPath: scratch.exposed + "/data.bin").map { [UInt8]($0) })
        #expect(frozen.count == Self.fileBytes)
        let difference = frozen == original ? nil : frozen.indices.first { frozen[$0] != original[$0] }
        #expect(difference == nil,
                "the snapshot differs from the original first at byte \(difference ?? 0), killed after \(killAfterMiB) MiB")

        // (3) The snapshot is still listed.
        let list = try CLIProcess.run(["volume", "list", scratch.volume])
        #expect(list.status == 0)
        #expect(list.stdout.contains(id))

        // (4) Nothing stays mounted.
        #expect(try CLIProcess.run(["volume", "unmount", scratch.exposed]).status == 0)
        #expect(try CLIProcess.run(["volume", "unmount", scratch.mountpoint]).status == 0)
        #expect(eventually { StaleMounts.snapwriterMounts(under: scratch.root).isEmpty })
    }

    /// The mount server's pid, as `volume mount --background` recorded it.
    func serverPid() throws -> Int32 {
        let text = try String(contentsOfFile: scratch.volume + "/mount.pid", encoding: .utf8)
        return try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// Writes `bytes` at `offset` in 1 MiB calls and fsyncs, creating the file if need be.
    func write(_ bytes: [UInt8], to path: String, at offset: Int = 0) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
        try #require(descriptor >= 0, "open \(path): \(String(cString: strerror(errno)))")
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: Self.chunkBytes) {
                let count = min(Self.chunkBytes, raw.count - start)
                let written = pwrite(descriptor, raw.baseAddress! + start, count, off_t(offset + start))
                try #require(written == count, "write at \(offset + start): \(String(cString: strerror(errno)))")
            }
        }
        try #require(fsync(descriptor) == 0)
    }

    /// Deterministic pseudo-random bytes (xorshift64*), different for every seed.
    static func bytes(seed: UInt64, count: Int = fileBytes) -> [UInt8] {
        var state = seed | 1
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let words = UnsafeMutableRawBufferPointer(buffer)
            for offset in stride(from: 0, to: count, by: 8) {
                state ^= state >> 12
                state ^= state << 25
                state ^= state >> 27
                withUnsafeBytes(of: (state &* 0x2545_F491_4F6C_DD1D).littleEndian) { word in
                    for index in 0..<min(8, count - offset) { words[offset + index] = word[index] }
                }
            }
            initialized = count
        }
    }
}

/// Overwrites a file front to back in 1 MiB pwrite calls on a thread of its own, keeping
/// going after failures, and records which calls wrote their whole chunk.
final class SequentialOverwrite: Sendable {
    private let path: String
    private let bytes: [UInt8]
    private let chunkBytes: Int
    private let results = Mutex<[Bool]>([])
    private let done = Atomic<Bool>(false)
    private let count = Atomic<Int>(0)

    init(path: String, bytes: [UInt8], chunkBytes: Int) {
        self.path = path
        self.bytes = bytes
        self.chunkBytes = chunkBytes
    }

    /// Writes acknowledged in full so far.
    var acknowledged: Int { count.load(ordering: .acquiring) }
    var finished: Bool { done.load(ordering: .acquiring) }

    func start() {
        Thread { self.run() }.start()
    }

    /// One flag per chunk, once every write has returned.
    func waitForResults() -> [Bool] {
        while !finished { usleep(1000) }
        return results.withLock { $0 }
    }

    private func run() {
        defer { done.store(true, ordering: .releasing) }
        let descriptor = open(path, O_WRONLY)
        var outcome = [Bool](repeating: false, count: bytes.count / chunkBytes)
        defer { results.withLock { $0 = outcome } }
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        bytes.withUnsafeBytes { raw in
            for chunk in outcome.indices {
                let written = pwrite(descriptor, raw.baseAddress! + chunk * chunkBytes, chunkBytes, off_t(chunk * chunkBytes))
                outcome[chunk] = written == chunkBytes
                if outcome[chunk] { count.add(1, ordering: .releasing) }
            }
        }
    }
}
