import Testing
@testable import SnapWriter

@Suite struct MemoryVolumeTests {
    @Test func heldWritesWaitAndLandInOrderOnRelease() throws {
        let volume = MemoryVolume(name: "D:")
        volume.write("a.mdf", offset: 0, bytes: [1, 1, 1, 1])
        volume.holdWrites()
        volume.write("a.mdf", offset: 0, bytes: [2, 2])
        volume.write("a.mdf", offset: 1, bytes: [3])
        #expect(volume.read("a.mdf") == [1, 1, 1, 1])
        #expect(volume.parkedWriteCount == 2)
        volume.releaseWrites()
        #expect(volume.read("a.mdf") == [2, 3, 1, 1])
    }

    @Test func aSnapshotKeepsThePointInTime() throws {
        let volume = MemoryVolume(name: "D:")
        volume.write("a.mdf", offset: 0, bytes: [1, 2, 3])
        let snapshot = try volume.createSnapshot(id: "s1")
        volume.write("a.mdf", offset: 0, bytes: [9])
        #expect(snapshot.files()["a.mdf"] == [1, 2, 3])
        #expect(volume.read("a.mdf") == [9, 2, 3])
        volume.deleteSnapshot(id: "s1")
        #expect(volume.snapshotIds.isEmpty)
    }
}
