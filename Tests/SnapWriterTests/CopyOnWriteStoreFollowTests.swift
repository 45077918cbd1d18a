import Foundation
import Testing
@testable import SnapWriter

/// A store that only reads snapshots (`volume expose`) while another store, standing for
/// the mounted server in another process, writes the same directory. The reader lists the
/// snapshots directory again only when its stamp changed; these tests let the stamp settle
/// first, so a missed change would show as wrong bytes.
@Suite final class CopyOnWriteStoreFollowTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("follow-\(UUID().uuidString)").path
    let blockSize = 4096

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func settle() { usleep(UInt32((DirectoryStamp.settling + 0.2) * 1e6)) }

    @Test func aSnapshotTakenAfterTheListingSettledIsStillFollowed() throws {
        let writer = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        let original = (0..<(4 * blockSize)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try writer.writeLive("a.mdf", original, at: 0)
        let first = try writer.createSnapshot(id: "s1")
        let reader = try CopyOnWriteStore(directory: directory, blockSize: blockSize, followsAnotherWriter: true)
        settle()
        #expect(try reader.read(snapshot: first.id, path: "a.mdf", offset: 0, count: original.count) == original)

        let second = try writer.createSnapshot(id: "s2")
        try writer.writeLive("a.mdf", [UInt8](repeating: 0xEE, count: blockSize), at: blockSize)
        #expect(try reader.read(snapshot: first.id, path: "a.mdf", offset: 0, count: original.count) == original,
                "the older snapshot reads the block through the newer one's area")
        settle()
        try writer.deleteSnapshot(id: second.id)
        #expect(try reader.read(snapshot: first.id, path: "a.mdf", offset: 0, count: original.count) == original,
                "the block handed down when the newer snapshot went")
    }

    @Test func aStampIsTrustedOnlyOnceSettledAndMovesWithEveryChange() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fresh = try #require(DirectoryStamp.of(directory))
        #expect(!fresh.isSettled)
        settle()
        let settled = try #require(DirectoryStamp.of(directory))
        #expect(settled.isSettled)
        #expect(FileManager.default.createFile(atPath: directory + "/x", contents: nil))
        #expect(DirectoryStamp.of(directory) != settled)
        #expect(DirectoryStamp.names(in: directory) == ["x"])
        #expect(DirectoryStamp.of(directory + "/missing") == nil)
    }

    /// A snapshot can be deleted between the follower's catch-up and its read, taking its
    /// area with it; the follower then fails that read (and retries it once it sees the
    /// change) but never adopts a recycled file or creates one in the writer's place.
    @Test func aFollowerThatFindsAnAreaGoneLeavesTheVolumesFilesAlone() throws {
        let writer = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try writer.writeLive("a.mdf", [UInt8](repeating: 1, count: 2 * blockSize), at: 0)
        let snapshot = try writer.createSnapshot(id: "s1")
        try writer.writeLive("a.mdf", [UInt8](repeating: 2, count: blockSize), at: 0)
        let reader = try CopyOnWriteStore(directory: directory, blockSize: blockSize, followsAnotherWriter: true)
        let inode = try inodeNumber(of: writer.liveRoot + "/a.mdf")
        let area = directory + "/snapshots/1-s1/\(inode).blocks"
        let recycled = directory + "/recycled/7-\(inode)"
        try FileManager.default.createDirectory(atPath: directory + "/recycled", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: area, toPath: recycled)  // as deleting the snapshot would

        #expect(throws: VolumeError.self) {
            try reader.state.withLock { state throws(VolumeError) in
                _ = try reader.readOnce(&state, id: snapshot.id, path: "a.mdf", offset: 0, count: 2 * blockSize)
            }
        }
        #expect(FileManager.default.fileExists(atPath: recycled), "the recycled file stays for the writer")
        #expect(!FileManager.default.fileExists(atPath: area), "nothing created in the writer's place")
    }
}
