import CFuse
import Foundation
import GRDB
import Synchronization
import Testing
@testable import SnapWriter
import TestSupport

/// A real mount: the live files through the kernel, the hold stalling writers, snapshots.
@Suite(.serialized, .enabled(if: FuseAvailability.deviceUsable || FuseLinkTests.fuseRequired,
                             "/dev/fuse cannot be opened here; FUSE tests are skipped"))
final class FuseVolumeServerTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("fuse-\(UUID().uuidString)").path
    var mountpoint: String { root + "/mnt" }
    var server: FuseVolumeServer!
    var loop: Thread!

    init() throws {
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
        let store = try CopyOnWriteStore.create(directory: root + "/volume", blockSize: 4096)
        server = try FuseVolumeServer(store: store, mountpoint: mountpoint)
        try server.mount()
        let server = self.server!
        loop = Thread { server.run() }
        loop.start()
    }

    deinit {
        // Answer anything a failed test left parked, so no writer stays blocked.
        server.release()
        server.stop()
        // A request nudges the loop so it sees the exit flag.
        _ = try? FileManager.default.contentsOfDirectory(atPath: mountpoint)
        eventually { loop.isFinished }
        try? FileManager.default.removeItem(atPath: root)
    }

    @Test func filesWrittenThroughTheMountLandInTheLiveStore() throws {
        let path = mountpoint + "/data/a.txt"
        try FileManager.default.createDirectory(atPath: mountpoint + "/data", withIntermediateDirectories: true)
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello")
        #expect(try String(contentsOfFile: root + "/volume/live/data/a.txt", encoding: .utf8) == "hello")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountpoint + "/data") == ["a.txt"])
        try FileManager.default.moveItem(atPath: path, toPath: mountpoint + "/data/b.txt")
        #expect(try String(contentsOfFile: mountpoint + "/data/b.txt", encoding: .utf8) == "hello")
        try FileManager.default.removeItem(atPath: mountpoint + "/data/b.txt")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountpoint + "/data").isEmpty)
    }

    /// A later run tells a dead server's mount from a live one by the process its source
    /// names, without looking through the mount.
    @Test func theMountNamesThisProcessAsItsServer() throws {
        let mount = try #require(MountTable().mounts.last { $0.point == mountpoint })
        #expect(mount.source == "snapwriter:\(getpid())")
        #expect(FuseServerProcess.pid(inSource: mount.source) == getpid())
        #expect(!StaleMounts.isStale(mount))
        #expect(StaleMounts.clean(under: root).isEmpty, "a live server's mount is left alone")
    }

    @Test func aHeldVolumeStallsWritersUntilRelease() throws {
        let path = mountpoint + "/held.bin"
        let other = mountpoint + "/other.bin"
        try Data(repeating: 1, count: 8192).write(to: URL(fileURLWithPath: path))
        try Data(repeating: 5, count: 10).write(to: URL(fileURLWithPath: other))
        server.hold()
        let done = Mutex(false)
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: path)!
            handle.seek(toFileOffset: 0)
            handle.write(Data(repeating: 2, count: 100))
            try? handle.synchronize()
            try? handle.close()
            done.withLock { $0 = true }
        }
        writer.start()
        Thread.sleep(forTimeInterval: 0.3)
        #expect(done.withLock { $0 } == false, "the write must wait for the release")
        // The kernel keeps the written file locked until its write is answered, so reads go
        // on elsewhere: other files.
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)).first == 5, "reads go on while held")
        server.release()
        #expect(eventually { done.withLock { $0 } })
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).first == 2)
    }

    @Test func aSnapshotThroughTheMountKeepsThePointInTime() throws {
        let path = mountpoint + "/db.mdf"
        try Data(repeating: 7, count: 3 * 4096).write(to: URL(fileURLWithPath: path))
        let snapshot = try server.snapshot(id: "s1")
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seek(toFileOffset: 4096)
        handle.write(Data(repeating: 9, count: 4096))
        try handle.close()
        let old = try server.store.read(snapshot: snapshot.id, path: "db.mdf", offset: 0, count: 3 * 4096)
        #expect(old == [UInt8](repeating: 7, count: 3 * 4096))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path))[4096] == 9)
    }

    /// SQLite through the mount: rows committed before the freeze are in the snapshot, and
    /// an insert attempted while frozen waits, then lands after the thaw.
    @Test func sqliteOnTheMountSnapshotsExactlyTheCommittedRows() throws {
        let database = try DatabaseQueue(path: mountpoint + "/app.sqlite")
        try database.write { db in
            try db.execute(sql: "CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)")
            for id in 1...50 { try db.execute(sql: "INSERT INTO orders (id, item) VALUES (?, ?)", arguments: [id, "item \(id)"]) }
        }
        server.hold()
        let inserted = Mutex(false)
        let failure = Mutex<String?>(nil)
        let writer = Thread {
            do {
                try database.write { db in try db.execute(sql: "INSERT INTO orders (id, item) VALUES (51, 'late')") }
            } catch {
                failure.withLock { $0 = "\(error) extended \((error as? DatabaseError)?.extendedResultCode.rawValue ?? 0)" }
            }
            inserted.withLock { $0 = true }
        }
        writer.start()
        Thread.sleep(forTimeInterval: 0.3)
        #expect(inserted.withLock { $0 } == false, "the insert waits while the volume is frozen")
        let snapshot = try server.snapshot(id: "frozen")
        server.release()
        #expect(eventually { inserted.withLock { $0 } })
        #expect(failure.withLock { $0 } == nil)

        // The snapshot, exposed read-only over its own mount, opens as a database holding
        // exactly the rows committed before the freeze.
        let exposedAt = root + "/exposed"
        try FileManager.default.createDirectory(atPath: exposedAt, withIntermediateDirectories: true)
        let exposed = try FuseSnapshotServer(store: server.store, snapshotId: snapshot.id, mountpoint: exposedAt)
        try exposed.mount()
        let exposedLoop = Thread { exposed.run() }
        exposedLoop.start()
        defer {
            StaleMounts.unmount(exposedAt, lazy: true)
            exposed.stop()
        }
        var configuration = Configuration()
        configuration.readonly = true
        let restored = try DatabaseQueue(path: exposedAt + "/app.sqlite", configuration: configuration)
        let ids = try restored.read { db in try Int.fetchAll(db, sql: "SELECT id FROM orders ORDER BY id") }
        #expect(ids == Array(1...50))
        try restored.close()
        let live = try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM orders") }
        #expect(live == 51)
    }

    /// Opening with O_TRUNC after a snapshot must not wipe what the snapshot holds.
    @Test func truncatingOnOpenKeepsTheSnapshotIntact() throws {
        let path = mountpoint + "/t.txt"
        try Data("original contents".utf8).write(to: URL(fileURLWithPath: path))
        let snapshot = try server.snapshot(id: "t")
        let fd = open(path, O_WRONLY | O_TRUNC)
        #expect(fd >= 0)
        close(fd)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
        let old = try server.store.read(snapshot: snapshot.id, path: "t.txt", offset: 0, count: 100)
        #expect(String(decoding: old, as: UTF8.self) == "original contents")
    }

    /// O_DIRECT writes of aligned 4 KiB blocks through the mount succeed (the backing file is
    /// written through its page cache) and copy-on-write still keeps the snapshot's bytes.
    @Test func directWritesLandAndKeepTheSnapshot() throws {
        let path = mountpoint + "/direct.bin"
        try Data(repeating: 3, count: 4 * 4096).write(to: URL(fileURLWithPath: path))
        let snapshot = try server.snapshot(id: "d")
        let fd = open(path, O_WRONLY | CFuse_openDirectFlag())
        #expect(fd >= 0)
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { block.deallocate() }
        block.initializeMemory(as: UInt8.self, repeating: 8)
        #expect(pwrite(fd, block.baseAddress, 4096, 8192) == 4096)
        #expect(pwrite(fd, block.baseAddress, 4096, 0) == 4096)
        close(fd)
        let live = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(live[0] == 8 && live[4096] == 3 && live[8192] == 8 && live[12288] == 3)
        let old = try server.store.read(snapshot: snapshot.id, path: "direct.bin", offset: 0, count: 4 * 4096)
        #expect(old == [UInt8](repeating: 3, count: 4 * 4096))
    }

    /// An O_DIRECT open for writing is answered with parallel direct writes, so writes to
    /// one file reach the server together (a plain open gets them one at a time: the kernel
    /// locks the file until each is answered). Four writers park under a hold at once, and
    /// on release each lands after the copy of the block it overwrites.
    @Test func directWritesToOneFileReachTheServerTogether() throws {
        let path = mountpoint + "/parallel.bin"
        try Data(repeating: 4, count: 4 * 4096).write(to: URL(fileURLWithPath: path))
        let snapshot = try server.snapshot(id: "p")
        server.hold()
        let finished = Mutex<[Int: Int]>([:])
        let writers = (0..<4).map { index in
            Thread {
                let fd = open(path, O_WRONLY | CFuse_openDirectFlag())
                let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
                block.initializeMemory(as: UInt8.self, repeating: UInt8(10 + index))
                let written = fd >= 0 ? pwrite(fd, block.baseAddress, 4096, off_t(index * 4096)) : -1
                if fd >= 0 { close(fd) }
                block.deallocate()
                finished.withLock { $0[index] = written }
            }
        }
        writers.forEach { $0.start() }
        eventually { server.gate.parkedCount >= 4 }
        #expect(server.gate.parkedCount == 4, "every writer's write is in the server, parked")
        #expect(finished.withLock { $0.isEmpty }, "no write is answered while held")
        server.release()
        eventually { finished.withLock { $0.count } >= 4 }
        #expect(finished.withLock { $0 } == [0: 4096, 1: 4096, 2: 4096, 3: 4096])
        let live = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect((0..<4).map { live[$0 * 4096] } == [10, 11, 12, 13])
        let old = try server.store.read(snapshot: snapshot.id, path: "parallel.bin", offset: 0, count: 4 * 4096)
        #expect(old == [UInt8](repeating: 4, count: 4 * 4096))
    }
}
