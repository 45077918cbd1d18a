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

    /// One write over several blocks copies them as one run; the index written for the run
    /// lets a reopened store find every block; reads cross diff-area and live blocks.
    @Test func aWriteOverManyBlocksCopiesEachOnceAndReadsBackAcrossSources() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        let original = (0..<(7 * blockSize + 100)).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        try liveWrite(store, "m", original, at: 0)
        _ = try store.createSnapshot(id: "s1")
        try liveWrite(store, "m", pattern(9, 4 * blockSize), at: 2 * blockSize)
        try liveWrite(store, "m", pattern(8, blockSize), at: 3 * blockSize)  // already copied: not again
        try liveWrite(store, "m", pattern(7, 200), at: 7 * blockSize)  // the partial last block
        let inode = try inodeOf(store.liveRoot + "/m")
        let area = try FileManager.default.attributesOfItem(atPath: directory + "/snapshots/1-s1/\(inode).blocks")
        #expect((area[.size] as! NSNumber).intValue == 5 * blockSize, "blocks 2-5 and 7, each once")
        for reader in [store, try CopyOnWriteStore(directory: directory, blockSize: blockSize)] {
            #expect(try reader.read(snapshot: "s1", path: "m", offset: 0, count: 10 * blockSize) == original)
            let middle = blockSize + 17
            #expect(try reader.read(snapshot: "s1", path: "m", offset: middle, count: 3 * blockSize)
                == Array(original[middle..<(middle + 3 * blockSize)]))
            #expect(try reader.read(snapshot: "s1", path: "m", offset: 7 * blockSize + 50, count: 1000)
                == Array(original[(7 * blockSize + 50)...]))
        }
    }

    /// Truncating a file larger than one copy step (1 MiB) copies it out in steps.
    @Test func truncatingALargeFileKeepsEveryCutBlock() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        let original = (0..<(300 * blockSize)).map { UInt8(truncatingIfNeeded: $0 / 4093) }
        try liveWrite(store, "big", original, at: 0)
        _ = try store.createSnapshot(id: "s1")
        let path = store.liveRoot + "/big"
        try store.willTruncate(inode: try inodeOf(path), to: 0)
        #expect(truncate(path, 0) == 0)
        #expect(try store.read(snapshot: "s1", path: "big", offset: 0, count: original.count) == original)
    }
}
