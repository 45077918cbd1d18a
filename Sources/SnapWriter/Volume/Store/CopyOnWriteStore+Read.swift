#if canImport(Glibc)
import Glibc
#endif

/// Reading a snapshot: each block from the first snapshot, this one or newer, that copied
/// it, else from the live file (no write has touched it since).
extension CopyOnWriteStore {
    /// Where one block of a snapshot's file is.
    private enum Source: Equatable {
        case copied(snapshot: Int, slot: Int)
        case live

        /// The same file `blocks` further on.
        func advanced(by blocks: Int) -> Self {
            switch self {
            case .copied(let snapshot, let slot): .copied(snapshot: snapshot, slot: slot + blocks)
            case .live: .live
            }
        }
    }

    /// Reads bytes of a file as it was when snapshot `id` was taken.
    public func read(snapshot id: String, path: String, offset: Int, count: Int) throws(VolumeError) -> [UInt8] {
        try state.withLock { state throws(VolumeError) -> [UInt8] in
            followsAnotherWriter
                ? try followingRead(&state, id: id, path: path, offset: offset, count: count)
                : try readOnce(&state, id: id, path: path, offset: offset, count: count)
        }
    }

    /// Reads through what this store knows of the snapshots now.
    func readOnce(_ state: inout State, id: String, path: String, offset: Int, count: Int) throws(VolumeError) -> [UInt8] {
        guard let position = state.snapshots.firstIndex(where: { $0.info.id == id }) else {
            throw VolumeError(volume: directory, message: "no snapshot \(id)")
        }
        guard let entry = state.snapshots[position].info.manifest.entry(at: path), entry.kind == .file else {
            throw VolumeError(volume: directory, message: "snapshot \(id) has no file \(path)")
        }
        let end = min(entry.size, offset + count)
        guard offset < end else { return [] }
        var failure: VolumeError?
        let bytes = [UInt8](unsafeUninitializedCapacity: end - offset) { buffer, initialized in
            do throws(VolumeError) {
                try fill(&state, UnsafeMutableRawBufferPointer(buffer), from: position, inode: entry.inode, offset: offset)
            } catch {
                failure = error
            }
            initialized = buffer.count
        }
        if let failure { throw failure }
        return bytes
    }

    /// Fills `buffer` with the file's bytes from `offset`, as of snapshot `position`: the
    /// whole range from the live file in one read when any of it is still live (so a copy
    /// reading on from where it stopped stays sequential and the kernel reads ahead, even
    /// where copied blocks sit in between), then the copied blocks over it, each run of
    /// adjacent slots in one read.
    private func fill(_ state: inout State, _ buffer: UnsafeMutableRawBufferPointer, from position: Int, inode: UInt64,
                      offset: Int) throws(VolumeError) {
        let end = offset + buffer.count
        let blocks = (offset / blockSize)...((end - 1) / blockSize)
        let sources = blocks.map { source(state, from: position, inode: inode, block: $0) }
        if sources.contains(.live) {
            try readInto(buffer, offset: offset, range: offset..<end, fd: try liveReader(&state, inode: inode), at: offset,
                         path: inodesRoot + "/\(inode)")
        }
        var index = 0
        while index < sources.count {
            guard case .copied(let snapshot, let slot) = sources[index] else {
                index += 1
                continue
            }
            var next = index + 1
            while next < sources.count, sources[next] == sources[index].advanced(by: next - index) { next += 1 }
            let from = max(offset, (blocks.lowerBound + index) * blockSize)
            let to = min(end, (blocks.lowerBound + next) * blockSize)
            let files = try diffFiles(&state, snapshot: snapshot, inode: inode)
            try readInto(buffer, offset: offset, range: from..<to, fd: files.blocks, at: slot * blockSize + from % blockSize,
                         path: "\(inode).blocks")
            index = next
        }
    }

    /// Reads file bytes for `range` of the snapshot's file (buffer starts at `offset`);
    /// what lies past the end of the file reads as zeros.
    private func readInto(_ buffer: UnsafeMutableRawBufferPointer, offset: Int, range: Range<Int>, fd: Int32, at position: Int,
                          path: String) throws(VolumeError) {
        let target = buffer.baseAddress! + (range.lowerBound - offset)
        let read = try RawIO.read(fd, into: target, count: range.count, at: position, path: path)
        if read < range.count { (target + read).initializeMemory(as: UInt8.self, repeating: 0, count: range.count - read) }
    }

    private func source(_ state: State, from position: Int, inode: UInt64, block: Int) -> Source {
        for index in position..<state.snapshots.count {
            if let slot = state.snapshots[index].copied[inode]?[block] { return .copied(snapshot: index, slot: slot) }
        }
        return .live
    }
}
