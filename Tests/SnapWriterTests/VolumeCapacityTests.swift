import Foundation
import SnapWriter
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The size limit's bookkeeping, on plain files (the FUSE path is in VolumeCLITests).
final class VolumeCapacityTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("capacity-\(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    private func file(_ name: String, bytes: Int) throws -> (inode: UInt64, descriptor: Int32) {
        let path = root + "/" + name
        try Data(count: bytes).write(to: URL(fileURLWithPath: path))
        var status = stat()
        #expect(stat(path, &status) == 0)
        return (UInt64(status.st_ino), open(path, O_RDWR))
    }

    @Test func countsTheFilesAlreadyThereHolesIncluded() throws {
        _ = try file("a", bytes: 3000)
        _ = try file("sub/b", bytes: 5000)
        let sparse = open(root + "/sparse", O_CREAT | O_RDWR, 0o644)
        #expect(ftruncate(sparse, 10_000) == 0)
        close(sparse)
        let capacity = VolumeCapacity(limitBytes: 1 << 20, liveRoot: root)
        #expect(capacity.usedBytes == 18_000)
        #expect(capacity.availableBytes == (1 << 20) - 18_000)
    }

    @Test func aWriteThatWouldPassTheLimitIsRefusedAndOverwritesStillFit() throws {
        let (inode, fd) = try file("a", bytes: 6000)
        defer { close(fd) }
        let capacity = VolumeCapacity(limitBytes: 10_000, liveRoot: root)
        #expect(capacity.reserve(inode: inode, descriptor: fd, end: 9000))
        #expect(capacity.usedBytes == 9000)
        #expect(!capacity.reserve(inode: inode, descriptor: fd, end: 10_001), "one byte past the limit")
        #expect(capacity.usedBytes == 9000, "a refused write counts nothing")
        #expect(capacity.reserve(inode: inode, descriptor: fd, end: 4096), "an overwrite inside the file needs no room")
        #expect(capacity.reserve(inode: inode, descriptor: fd, end: 10_000), "exactly to the limit")
        #expect(capacity.availableBytes == 0)
    }

    @Test func aFileCreatedAfterTheCountIsMeasuredOnItsFirstWrite() throws {
        let capacity = VolumeCapacity(limitBytes: 8192, liveRoot: root)
        let (inode, fd) = try file("late", bytes: 4096)
        defer { close(fd) }
        #expect(!capacity.reserve(inode: inode, descriptor: fd, end: 8193), "4096 on disk already + 4097 more")
        #expect(capacity.reserve(inode: inode, descriptor: fd, end: 8192))
        #expect(capacity.usedBytes == 8192)
    }

    @Test func truncationFreesOrNeedsRoomAndRemovalFreesTheFile() throws {
        let (inode, fd) = try file("a", bytes: 6000)
        defer { close(fd) }
        let capacity = VolumeCapacity(limitBytes: 10_000, liveRoot: root)
        #expect(capacity.resize(inode: inode, path: root + "/a", to: 1000))
        #expect(capacity.usedBytes == 1000)
        #expect(!capacity.resize(inode: inode, path: root + "/a", to: 20_000))
        #expect(capacity.resize(inode: inode, path: root + "/a", to: 10_000))
        capacity.removed(inode: inode, size: 10_000)
        #expect(capacity.usedBytes == 0)
    }

    @Test func settlingCountsTheRealSizeAfterAFailedOrShortWrite() throws {
        let (inode, fd) = try file("a", bytes: 2000)
        defer { close(fd) }
        let capacity = VolumeCapacity(limitBytes: 10_000, liveRoot: root)
        #expect(capacity.reserve(inode: inode, descriptor: fd, end: 9000))
        capacity.settle(inode: inode, descriptor: fd)  // the write never happened
        #expect(capacity.usedBytes == 2000)
    }
}
