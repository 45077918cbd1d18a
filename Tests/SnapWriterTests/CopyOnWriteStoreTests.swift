import Foundation
import Testing
@testable import SnapWriter

/// The copy-on-write store behind volumes, through plain files as the FUSE layer will
/// drive it: register a new file, announce each change before making it.
@Suite final class CopyOnWriteStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cow-\(UUID().uuidString)").path
    let blockSize = 4096

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func pattern(_ value: UInt8, _ count: Int) -> [UInt8] { [UInt8](repeating: value, count: count) }

    @Test func aSnapshotKeepsWhatWasThereBeforeLaterWrites() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try store.writeLive("a.mdf", pattern(1, 3 * blockSize), at: 0)
        let snapshot = try store.createSnapshot(id: "s1")
        try store.writeLive("a.mdf", pattern(2, 100), at: blockSize + 10)
        try store.writeLive("a.mdf", pattern(3, blockSize), at: 3 * blockSize)  // growth past the snapshot
        let old = try store.read(snapshot: snapshot.id, path: "a.mdf", offset: 0, count: 10 * blockSize)
        #expect(old == pattern(1, 3 * blockSize))
        let live = try Data(contentsOf: URL(fileURLWithPath: store.liveRoot + "/a.mdf"))
        #expect(live.count == 4 * blockSize)
        #expect(live[blockSize + 10] == 2)
    }

    @Test func creatingASnapshotCopiesNoData() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try store.writeLive("big.mdf", pattern(7, 64 * blockSize), at: 0)
        _ = try store.createSnapshot(id: "s1")
        let area = try FileManager.default.contentsOfDirectory(atPath: directory + "/snapshots/1-s1")
        #expect(area == ["manifest"])
        try store.writeLive("big.mdf", pattern(8, 10), at: 5 * blockSize)
        let copied = try FileManager.default.attributesOfItem(atPath: directory + "/snapshots/1-s1/\(try inodeNumber(of: store.liveRoot + "/big.mdf")).blocks")
        #expect((copied[.size] as! NSNumber).intValue == blockSize, "only the block written is copied, once")
    }

    @Test func olderSnapshotsReadThroughNewerOnesAndSurviveTheirDeletion() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try store.writeLive("f", pattern(1, 2 * blockSize), at: 0)
        _ = try store.createSnapshot(id: "s1")
        try store.writeLive("f", pattern(2, blockSize), at: 0)
        _ = try store.createSnapshot(id: "s2")
        try store.writeLive("f", pattern(3, 2 * blockSize), at: 0)
        #expect(try store.read(snapshot: "s1", path: "f", offset: 0, count: 2 * blockSize) == pattern(1, 2 * blockSize))
        #expect(try store.read(snapshot: "s2", path: "f", offset: 0, count: 2 * blockSize)
            == pattern(2, blockSize) + pattern(1, blockSize))
        try store.deleteSnapshot(id: "s2")
        #expect(try store.read(snapshot: "s1", path: "f", offset: 0, count: 2 * blockSize) == pattern(1, 2 * blockSize))
        #expect(store.snapshots.map(\.id) == ["s1"])
    }

    @Test func anUnlinkedFileStaysReadableInTheSnapshot() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try store.writeLive("gone.ldf", pattern(5, blockSize + 3), at: 0)
        _ = try store.createSnapshot(id: "s1")
        let inode = try inodeNumber(of: store.liveRoot + "/gone.ldf")
        try FileManager.default.removeItem(atPath: store.liveRoot + "/gone.ldf")
        store.didUnlink(inode: inode)
        #expect(try store.read(snapshot: "s1", path: "gone.ldf", offset: 0, count: 2 * blockSize) == pattern(5, blockSize + 3))
        try store.deleteSnapshot(id: "s1")
        #expect(!FileManager.default.fileExists(atPath: directory + "/inodes/\(inode)"), "freed with its last snapshot")
    }

    @Test func aTruncateAfterASnapshotKeepsTheCutBytes() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try store.writeLive("t", pattern(4, 3 * blockSize), at: 0)
        _ = try store.createSnapshot(id: "s1")
        let path = store.liveRoot + "/t"
        try store.willTruncate(inode: try inodeNumber(of: path), to: 10)
        #expect(truncate(path, 10) == 0)
        #expect(try store.read(snapshot: "s1", path: "t", offset: 0, count: 3 * blockSize) == pattern(4, 3 * blockSize))
    }

    @Test func aReopenedStoreStillReadsItsSnapshots() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        try store.writeLive("r", pattern(1, 2 * blockSize), at: 0)
        _ = try store.createSnapshot(id: "s1")
        try store.writeLive("r", pattern(9, blockSize), at: blockSize)
        let reopened = try CopyOnWriteStore(directory: directory, blockSize: blockSize)
        #expect(reopened.snapshots.map(\.id) == ["s1"])
        #expect(try reopened.read(snapshot: "s1", path: "r", offset: 0, count: 2 * blockSize) == pattern(1, 2 * blockSize))
        try reopened.writeLive("r", pattern(6, blockSize), at: blockSize)
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
        try store.writeLive("m", original, at: 0)
        _ = try store.createSnapshot(id: "s1")
        try store.writeLive("m", pattern(9, 4 * blockSize), at: 2 * blockSize)
        try store.writeLive("m", pattern(8, blockSize), at: 3 * blockSize)  // already copied: not again
        try store.writeLive("m", pattern(7, 200), at: 7 * blockSize)  // the partial last block
        let inode = try inodeNumber(of: store.liveRoot + "/m")
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
        try store.writeLive("big", original, at: 0)
        _ = try store.createSnapshot(id: "s1")
        let path = store.liveRoot + "/big"
        try store.willTruncate(inode: try inodeNumber(of: path), to: 0)
        #expect(truncate(path, 0) == 0)
        #expect(try store.read(snapshot: "s1", path: "big", offset: 0, count: original.count) == original)
    }

    /// A sequential writer gets the blocks after its write copied ahead by the worker; what
    /// it copied reads back as the snapshot saw it, from this store and a reopened one, and
    /// the writer's later writes do not copy those blocks again.
    @Test func sequentialWritesHaveTheNextBlocksCopiedAhead() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        let original = (0..<(64 * blockSize)).map { UInt8(truncatingIfNeeded: $0 / 7 + $0 / blockSize) }
        try store.writeLive("s", original, at: 0)
        _ = try store.createSnapshot(id: "s1")
        try store.writeLive("s", pattern(1, 2 * blockSize), at: 0)
        // Carries on where the last write ended: twice its length ahead (blocks 4-7) is copied.
        try store.writeLive("s", pattern(2, 2 * blockSize), at: 2 * blockSize)
        store.waitForCopyAhead()
        #expect(store.copiedBlocks(snapshot: "s1") == 8)
        try store.writeLive("s", pattern(3, 2 * blockSize), at: 4 * blockSize)  // found copied; 8 and 9 ahead
        store.waitForCopyAhead()
        #expect(store.copiedBlocks(snapshot: "s1") == 10)
        for reader in [store, try CopyOnWriteStore(directory: directory, blockSize: blockSize)] {
            #expect(try reader.read(snapshot: "s1", path: "s", offset: 0, count: original.count) == original)
        }
        let live = try Data(contentsOf: URL(fileURLWithPath: store.liveRoot + "/s"))
        #expect(Array(live.prefix(6 * blockSize)) == pattern(1, 2 * blockSize) + pattern(2, 2 * blockSize)
            + pattern(3, 2 * blockSize))
        #expect(Array(live.dropFirst(6 * blockSize)) == Array(original[(6 * blockSize)...]))
    }

    /// Copy-ahead stops at the file's size at the snapshot and never copies into an older
    /// snapshot once a newer one exists.
    @Test func copyAheadStaysInsideTheSnapshotsFile() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        let original = pattern(4, 3 * blockSize + 10)
        try store.writeLive("e", original, at: 0)
        _ = try store.createSnapshot(id: "s1")
        try store.writeLive("e", pattern(5, blockSize), at: 0)
        try store.writeLive("e", pattern(6, blockSize), at: blockSize)
        store.waitForCopyAhead()
        #expect(store.copiedBlocks(snapshot: "s1") == 4, "blocks 0-1 written, 2-3 copied ahead, nothing past the end")
        try store.writeLive("e", pattern(7, 2 * blockSize), at: 4 * blockSize)  // growth: nothing to copy
        #expect(try store.read(snapshot: "s1", path: "e", offset: 0, count: 10 * blockSize) == original)
    }

    /// Many sequential writers' passes, each after a new snapshot, with older snapshots
    /// deleted (handing their blocks down) while the worker may still be copying: every
    /// remaining snapshot reads what the file held when it was taken, before and after a
    /// reopen.
    @Test func snapshotsStayExactWhileCopyAheadRunsAlongsideWritesAndDeletions() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        let blocks = 96
        var expected: [String: [UInt8]] = [:]
        var current = (0..<(blocks * blockSize)).map { UInt8(truncatingIfNeeded: $0 / 13) }
        try store.writeLive("p", current, at: 0)
        for round in 0..<8 {
            let id = "s\(round)"
            _ = try store.createSnapshot(id: id)
            expected[id] = current
            // A sequential pass over part of the file, in writes of 1 to 5 blocks, some not block-aligned.
            var offset = (round * 7 % 11) * blockSize + (round % 2 == 0 ? 0 : 100)
            var step = 0
            while offset < (blocks - 5) * blockSize {
                let length = (step % 5 + 1) * blockSize - (round % 3 == 0 ? 0 : 37)
                let bytes = pattern(UInt8(truncatingIfNeeded: 10 * round + step), length)
                try store.writeLive("p", bytes, at: offset)
                current.replaceSubrange(offset..<(offset + length), with: bytes)
                offset += length + (step % 4 == 3 ? 3 * blockSize : 0)
                step += 1
            }
            if round % 3 == 2 {  // delete a middle snapshot: its blocks move down
                let doomed = "s\(round - 1)"
                try store.deleteSnapshot(id: doomed)
                expected[doomed] = nil
            }
        }
        store.waitForCopyAhead()
        for reader in [store, try CopyOnWriteStore(directory: directory, blockSize: blockSize)] {
            #expect(reader.snapshots.map(\.id).sorted() == expected.keys.sorted())
            for (id, bytes) in expected {
                #expect(try reader.read(snapshot: id, path: "p", offset: 0, count: bytes.count) == bytes, "snapshot \(id)")
            }
        }
    }

    @Test func aDeletedSnapshotsBlocksFileIsReusedAndItsOldBytesNeverShow() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        let size = 2 * blockSize + blockSize / 2
        try store.writeLive("f", pattern(1, size), at: 0)
        _ = try store.createSnapshot(id: "s1")
        try store.writeLive("f", pattern(2, size), at: 0)
        #expect(store.copiedBlocks(snapshot: "s1") == 3)
        try store.deleteSnapshot(id: "s1")
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.recycledRoot).count == 1)

        _ = try store.createSnapshot(id: "s2")
        try store.writeLive("f", pattern(3, 10), at: 0)
        try store.writeLive("f", pattern(3, 10), at: 2 * blockSize)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.recycledRoot).isEmpty, "s2's area took the file over")
        let inode = try inodeNumber(of: store.liveRoot + "/f")
        let area = try FileManager.default.attributesOfItem(atPath: directory + "/snapshots/2-s2/\(inode).blocks")
        #expect((area[.size] as! NSNumber).intValue == 3 * blockSize, "the recycled file, not a new one")
        #expect(try store.read(snapshot: "s2", path: "f", offset: 0, count: 4 * blockSize) == pattern(2, size))
        let reopened = try CopyOnWriteStore(directory: directory, blockSize: blockSize)
        #expect(try reopened.read(snapshot: "s2", path: "f", offset: 0, count: 4 * blockSize) == pattern(2, size),
                "a reopened store reads through the index only")
    }

    @Test func theRecyclingPoolKeepsToItsLimit() throws {
        let store = try CopyOnWriteStore.create(directory: directory, blockSize: blockSize)
        let count = CopyOnWriteStore.recycleLimitFiles + 4
        for index in 0..<count { try store.writeLive("f\(index)", pattern(1, blockSize), at: 0) }
        _ = try store.createSnapshot(id: "s1")
        for index in 0..<count { try store.writeLive("f\(index)", pattern(2, 1), at: 0) }
        try store.deleteSnapshot(id: "s1")
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.recycledRoot).count == CopyOnWriteStore.recycleLimitFiles)
    }
}
