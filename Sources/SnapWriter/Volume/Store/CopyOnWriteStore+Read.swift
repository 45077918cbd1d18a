#if canImport(Glibc)
import Glibc
#endif

/// Reading a snapshot: each block from the first snapshot, this one or newer, that copied
/// it, else from the live file (no write has touched it since).
extension CopyOnWriteStore {
    /// Reads bytes of a file as it was when snapshot `id` was taken.
    public func read(snapshot id: String, path: String, offset: Int, count: Int) throws(VolumeError) -> [UInt8] {
        try state.withLock { state throws(VolumeError) -> [UInt8] in
            guard let position = state.snapshots.firstIndex(where: { $0.info.id == id }) else {
                throw VolumeError(volume: directory, message: "no snapshot \(id)")
            }
            guard let entry = state.snapshots[position].info.manifest.entry(at: path), entry.kind == .file else {
                throw VolumeError(volume: directory, message: "snapshot \(id) has no file \(path)")
            }
            let end = min(entry.size, offset + count)
            guard offset < end else { return [] }
            var out: [UInt8] = []
            out.reserveCapacity(end - offset)
            var cursor = offset
            while cursor < end {
                let block = cursor / blockSize
                let within = cursor - block * blockSize
                let take = min(blockSize - within, end - cursor)
                out += try readBlock(state: state, from: position, inode: entry.inode, block: block)[within..<(within + take)]
                cursor += take
            }
            return out
        }
    }

    /// A block as of snapshot `position`: its own copy, else the first newer snapshot's,
    /// else the live file (no write has touched it since).
    private func readBlock(state: State, from position: Int, inode: UInt64, block: Int) throws(VolumeError) -> [UInt8] {
        for snapshot in state.snapshots[position...] {
            if let slot = snapshot.copied[inode]?[block] {
                return try PosixFile(path: snapshot.directory + "/\(inode).blocks", flags: O_RDONLY)
                    .read(count: blockSize, at: slot * blockSize)
            }
        }
        var bytes = try PosixFile(path: inodesRoot + "/\(inode)", flags: O_RDONLY).read(count: blockSize, at: block * blockSize)
        bytes.append(contentsOf: repeatElement(0, count: blockSize - bytes.count))
        return bytes
    }
}
