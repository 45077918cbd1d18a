import Foundation
import Testing
@testable import SnapWriter

/// The copy-on-write store behind volumes, through plain files as the FUSE layer will
/// drive it: register a new file, announce each change before making it.
@Suite final class CopyOnWriteStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cow-\(UUID().uuidString)").path
    let blockSize = 4096

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func liveWrite(_ store: CopyOnWriteStore, _ path: String, _ bytes: [UInt8], at offset: Int) throws {
        let full = store.liveRoot + "/" + path
        if !FileManager.default.fileExists(atPath: full) {
            #expect(FileManager.default.createFile(atPath: full, contents: nil))
            try store.register(livePath: path)
        }
        let inode = try inodeOf(full)
        try store.willModify(inode: inode, offset: offset, length: bytes.count)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: full))
        try handle.seek(toOffset: UInt64(offset))
        handle.write(Data(bytes))
        try handle.close()
    }

    func inodeOf(_ path: String) throws -> UInt64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.systemFileNumber] as! NSNumber).uint64Value
    }

    func pattern(_ value: UInt8, _ count: Int) -> [UInt8] { [UInt8](repeating: value, count: count) }

    @Test func aSnapshotKeepsWhatWasThereBeforeLaterWrites() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try liveWrite(store, "a.mdf", pattern(1, 3 * blockSize), at: 0)
        let snapshot = try store.createSnapshot(id: "s1")
        try liveWrite(store, "a.mdf", pattern(2, 100), at: blockSize + 10)
        try liveWrite(store, "a.mdf", pattern(3, blockSize), at: 3 * blockSize)  // growth past the snapshot
        let old = try store.read(snapshot: snapshot.id, path: "a.mdf", offset: 0, count: 10 * blockSize)
        #expect(old == pattern(1, 3 * blockSize))
        let live = try Data(contentsOf: URL(fileURLWithPath: store.liveRoot + "/a.mdf"))
        #expect(live.count == 4 * blockSize)
        #expect(live[blockSize + 10] == 2)
    }

    @Test func creatingASnapshotCopiesNoData() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try liveWrite(store, "big.mdf", pattern(7, 64 * blockSize), at: 0)
        _ = try store.createSnapshot(id: "s1")
        let area = try FileManager.default.contentsOfDirectory(atPath: directory + "/snapshots/1-s1")
        #expect(area == ["manifest"])
        try liveWrite(store, "big.mdf", pattern(8, 10), at: 5 * blockSize)
        let copied = try FileManager.default.attributesOfItem(atPath: directory + "/snapshots/1-s1/\(try inodeOf(store.liveRoot + "/big.mdf")).blocks")
        #expect((copied[.size] as! NSNumber).intValue == blockSize, "only the block written is copied, once")
    }

    @Test func olderSnapshotsReadThroughNewerOnesAndSurviveTheirDeletion() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try liveWrite(store, "f", pattern(1, 2 * blockSize), at: 0)
        _ = try store.createSnapshot(id: "s1")
        try liveWrite(store, "f", pattern(2, blockSize), at: 0)
        _ = try store.createSnapshot(id: "s2")
        try liveWrite(store, "f", pattern(3, 2 * blockSize), at: 0)
        #expect(try store.read(snapshot: "s1", path: "f", offset: 0, count: 2 * blockSize) == pattern(1, 2 * blockSize))
        #expect(try store.read(snapshot: "s2", path: "f", offset: 0, count: 2 * blockSize)
            == pattern(2, blockSize) + pattern(1, blockSize))
        try store.deleteSnapshot(id: "s2")
        #expect(try store.read(snapshot: "s1", path: "f", offset: 0, count: 2 * blockSize) == pattern(1, 2 * blockSize))
        #expect(store.snapshots.map(\.id) == ["s1"])
    }

    @Test func anUnlinkedFileStaysReadableInTheSnapshot() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try liveWrite(store, "gone.ldf", pattern(5, blockSize + 3), at: 0)
        _ = try store.createSnapshot(id: "s1")
        let inode = try inodeOf(store.liveRoot + "/gone.ldf")
        try FileManager.default.removeItem(atPath: store.liveRoot + "/gone.ldf")
        store.didUnlink(inode: inode)
        #expect(try store.read(snapshot: "s1", path: "gone.ldf", offset: 0, count: 2 * blockSize) == pattern(5, blockSize + 3))
        try store.deleteSnapshot(id: "s1")
        #expect(!FileManager.default.fileExists(atPath: directory + "/inodes/\(inode)"), "freed with its last snapshot")
    }

    @Test func aTruncateAfterASnapshotKeepsTheCutBytes() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try liveWrite(store, "t", pattern(4, 3 * blockSize), at: 0)
        _ = try store.createSnapshot(id: "s1")
        let path = store.liveRoot + "/t"
        try store.willTruncate(inode: try inodeOf(path), to: 10)
        #expect(truncate(path, 10) == 0)
        #expect(try store.read(snapshot: "s1", path: "t", offset: 0, count: 3 * blockSize) == pattern(4, 3 * blockSize))
    }

    @Test func aReopenedStoreStillReadsItsSnapshots() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try liveWrite(store, "r", pattern(1, 2 * blockSize), at: 0)
        _ = try store.createSnapshot(id: "s1")
        try liveWrite(store, "r", pattern(9, blockSize), at: blockSize)
        let reopened = try CopyOnWriteStore(directory: directory, blockSize: blockSize)
        #expect(reopened.snapshots.map(\.id) == ["s1"])
        #expect(try reopened.read(snapshot: "s1", path: "r", offset: 0, count: 2 * blockSize) == pattern(1, 2 * blockSize))
        try liveWrite(reopened, "r", pattern(6, blockSize), at: blockSize)
        #expect(try reopened.read(snapshot: "s1", path: "r", offset: blockSize, count: blockSize) == pattern(1, blockSize),
                "a block already copied is not copied again")
    }

    @Test func manifestsSurviveOddPaths() {
        let manifest = SnapshotManifest(entries: [
            .init(kind: .file, inode: 12, size: 3, path: "dir/with\ttab%and\nnewline"),
        ])
        #expect(SnapshotManifest(text: manifest.text) == manifest)
    }
}
