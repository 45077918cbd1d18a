import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A store opened only to read snapshots (`volume expose`) while the volume's own server,
/// in another process, goes on writing: it copies blocks into snapshot areas, takes new
/// snapshots (an older one then reads through their areas) and deletes them (handing
/// blocks down, recycling their files). This store learns all of that only from the
/// files, so it catches up from them before and after every read. A read during which
/// the picture changed is read again: a block taken from the live file may have been
/// copied and overwritten meanwhile (the copy's index entry lands before the live block
/// changes, so the catch-up after the read sees it), and a snapshot read from may have
/// been deleted and its blocks file recycled.
extension CopyOnWriteStore {
    /// Where one block of a snapshot's file came from, by snapshot sequence (positions
    /// shift as snapshots come and go).
    enum BlockOrigin: Equatable {
        case live
        case copied(sequence: Int, slot: Int)
    }

    /// Gives up on a read whose blocks keep moving after this many tries.
    static let followAttempts = 16

    func followingRead(_ state: inout State, id: String, path: String, offset: Int,
                       count: Int) throws(VolumeError) -> [UInt8] {
        for _ in 0..<Self.followAttempts {
            try catchUp(&state)
            guard let position = state.snapshots.firstIndex(where: { $0.info.id == id }),
                let entry = state.snapshots[position].info.manifest.entry(at: path), entry.kind == .file
            else { return try readOnce(&state, id: id, path: path, offset: offset, count: count) }
            let end = min(entry.size, offset + count)
            guard offset < end else { return [] }
            let blocks = (offset / blockSize)...((end - 1) / blockSize)
            try catchUp(&state, inode: entry.inode)
            let before = origins(state, id: id, inode: entry.inode, blocks: blocks)
            // A snapshot deleted during the read takes its area files with it, so a failed
            // read is retried when the picture changed meanwhile, and reported when not.
            let bytes: Result<[UInt8], VolumeError> = Result { () throws(VolumeError) in
                try readOnce(&state, id: id, path: path, offset: offset, count: count)
            }
            try catchUp(&state)
            try catchUp(&state, inode: entry.inode)
            if origins(state, id: id, inode: entry.inode, blocks: blocks) == before { return try bytes.get() }
        }
        throw VolumeError(volume: directory, message: "snapshot \(id): \(path) kept changing while it was read")
    }

    private func origins(_ state: State, id: String, inode: UInt64, blocks: ClosedRange<Int>) -> [BlockOrigin]? {
        guard let position = state.snapshots.firstIndex(where: { $0.info.id == id }) else { return nil }
        return blocks.map { block in
            for index in position..<state.snapshots.count {
                if let slot = state.snapshots[index].copied[inode]?[block] {
                    return .copied(sequence: state.snapshots[index].info.sequence, slot: slot)
                }
            }
            return .live
        }
    }

    /// Drops snapshots whose directory is gone and adds those whose manifest has landed.
    /// The snapshots directory is listed again only when its stamp says it may have
    /// changed, or when a snapshot seen in it had no manifest yet (landing one renames
    /// inside the snapshot's own directory, which leaves this stamp alone).
    private func catchUp(_ state: inout State) throws(VolumeError) {
        let stamp = DirectoryStamp.of(snapshotsRoot)
        if let stamp, stamp == state.followedSnapshotsStamp { return }
        state.followedSnapshotsStamp = nil
        let names = DirectoryStamp.names(in: snapshotsRoot)
        var onDisk: [Int: String] = [:]
        for name in names {
            guard let sequence = Int(name.prefix(while: { $0 != "-" })) else { continue }
            onDisk[sequence] = name
        }
        for index in state.snapshots.indices.reversed() where onDisk[state.snapshots[index].info.sequence] == nil {
            state.snapshots.remove(at: index).closeDiffFiles()
        }
        let known = Set(state.snapshots.map(\.info.sequence))
        var allLanded = true
        for (sequence, name) in onDisk.sorted(by: { $0.key < $1.key }) where !known.contains(sequence) {
            let path = snapshotsRoot + "/" + name
            guard let text = try? String(contentsOfFile: path + "/manifest", encoding: .utf8),
                let manifest = SnapshotManifest(text: text)
            else {
                allLanded = false  // still being created
                continue
            }
            let id = String(name.drop(while: { $0 != "-" }).dropFirst())
            state.snapshots.append(SnapshotState(info: SnapshotInfo(id: id, sequence: sequence, manifest: manifest),
                                                 directory: path))
        }
        state.snapshots.sort { $0.info.sequence < $1.info.sequence }
        if let stamp, stamp.isSettled, allLanded { state.followedSnapshotsStamp = stamp }
    }

    /// Takes in the index entries each snapshot gained for `inode` since the last look:
    /// those whose slot lies inside the blocks file (the data lands first).
    private func catchUp(_ state: inout State, inode: UInt64) throws(VolumeError) {
        for index in state.snapshots.indices {
            let base = state.snapshots[index].directory + "/\(inode)"
            var indexStatus = stat()
            var blocksStatus = stat()
            guard stat(base + ".index", &indexStatus) == 0, stat(base + ".blocks", &blocksStatus) == 0 else { continue }
            let consumed = state.snapshots[index].indexed[inode] ?? 0
            let available = min(Int(indexStatus.st_size) / 8, Int(blocksStatus.st_size) / blockSize)
            guard available > consumed else { continue }
            let file = try PosixFile(path: base + ".index", flags: O_RDONLY)
            let bytes = try file.read(count: (available - consumed) * 8, at: consumed * 8)
            var taken = consumed
            for entry in 0..<(bytes.count / 8) {
                let block = Self.indexEntry(bytes, at: entry)
                if state.snapshots[index].copied[inode]?[block] == nil {
                    state.snapshots[index].copied[inode, default: [:]][block] = taken
                }
                taken += 1
            }
            state.snapshots[index].indexed[inode] = taken
        }
    }
}
