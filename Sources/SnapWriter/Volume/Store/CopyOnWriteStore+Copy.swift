#if canImport(Glibc)
import Glibc
#endif

/// Copy-on-write: before a live file's bytes change, the blocks the newest snapshot still
/// needs are copied into its area. Runs of adjacent blocks are copied with one
/// copy_file_range (in the kernel, not through user memory), through descriptors the store
/// keeps open.
extension CopyOnWriteStore {
    /// Before bytes [offset, offset+length) of a live file change: copies each block the
    /// newest snapshot still needs into its area. A write that carries on where the file's
    /// previous one ended also asks for the blocks after it to be copied ahead, off the
    /// writer's path (see `CopyOnWriteStore+Ahead`).
    public func willModify(inode: UInt64, offset: Int, length: Int) throws(VolumeError) {
        try copyBefore(inode: inode, offset: offset, length: length, sequential: true)
    }

    /// The copy before a change. When the copy-ahead worker is copying blocks of this file
    /// out of the lock and this change has blocks to copy, it waits for that copy to land
    /// first (so no block is copied twice, no live block changes while the worker reads it,
    /// and slots are reserved in index order); the worker is told not to start another.
    private func copyBefore(inode: UInt64, offset: Int, length: Int, sequential: Bool) throws(VolumeError) {
        guard length > 0 else { return }
        while true {
            let outcome = try state.withLock { state throws(VolumeError) -> CopyOutcome in
                guard let newest = state.snapshots.indices.last,
                    let entry = state.snapshots[newest].info.manifest.entry(inode: inode), entry.size > 0
                else { return .done(startWorker: false) }
                let first = offset / blockSize
                let last = min((offset + length - 1) / blockSize, (entry.size - 1) / blockSize)
                guard first <= last else { return .done(startWorker: false) }
                if state.inFlight?.inode == inode,
                    (first...last).contains(where: { state.snapshots[newest].copied[inode]?[$0] == nil }) {
                    state.aheadRequests[inode] = nil
                    return .wait(generation: aheadGeneration.load(ordering: .acquiring))
                }
                try copyMissing(&state, inode: inode, blocks: first...last, maxRun: maxRun, sizeAtSnapshot: entry.size,
                                into: newest)
                return .done(startWorker: sequential
                    && requestCopyAhead(&state, inode: inode, written: first...last, sizeAtSnapshot: entry.size))
            }
            switch outcome {
            case .done(let startWorker):
                if startWorker { scheduleCopyAhead() }
                return
            case .wait(let generation):
                waitForInFlightCopy(after: generation)
            }
        }
    }

    private enum CopyOutcome {
        case done(startWorker: Bool)
        case wait(generation: Int)
    }

    /// Copies the blocks of `blocks` snapshot `position` does not have yet, adjacent ones
    /// together, at most `maxRun` per read and write.
    func copyMissing(_ state: inout State, inode: UInt64, blocks: ClosedRange<Int>, maxRun: Int, sizeAtSnapshot: Int,
                     into position: Int) throws(VolumeError) {
        var block = blocks.lowerBound
        while block <= blocks.upperBound {
            guard state.snapshots[position].copied[inode]?[block] == nil else {
                block += 1
                continue
            }
            var end = block
            while end < blocks.upperBound, end - block + 1 < maxRun, state.snapshots[position].copied[inode]?[end + 1] == nil {
                end += 1
            }
            try copyOut(&state, inode: inode, blocks: block...end, sizeAtSnapshot: sizeAtSnapshot, into: position)
            block = end + 1
        }
    }

    /// The most blocks copied with one read and one write (1 MiB, or one block when larger),
    /// so a truncation of a large file copies in bounded steps.
    var maxRun: Int { max(1, (1 << 20) / blockSize) }

    /// Before a live file is truncated to `size`: the bytes past it are about to change.
    public func willTruncate(inode: UInt64, to size: Int) throws(VolumeError) {
        try copyBefore(inode: inode, offset: size, length: Int.max / 2 - size, sequential: false)
    }

    /// Copies adjacent live blocks into snapshot `position`'s area (data, then index).
    private func copyOut(_ state: inout State, inode: UInt64, blocks: ClosedRange<Int>, sizeAtSnapshot: Int,
                         into position: Int) throws(VolumeError) {
        let live = try liveReader(&state, inode: inode)
        let files = try diffFiles(&state, snapshot: position, inode: inode)
        let firstSlot = state.snapshots[position].copied[inode]?.count ?? 0
        try copyData(inode: inode, blocks: blocks, from: live, to: files, firstSlot: firstSlot, sizeAtSnapshot: sizeAtSnapshot,
                     buffer: scratch(&state, count: blocks.count * blockSize))
        try recordSlots(&state, inode: inode, blocks: Array(blocks), firstSlot: firstSlot, files: files, in: position)
    }

    /// Copies live blocks into slots of an area's blocks file, in the kernel where it can,
    /// each padded with zeros past the file's size at the snapshot (those bytes were not
    /// part of it). `buffer` holds the run; it is used when the kernel cannot copy, and for
    /// the padding.
    func copyData(inode: UInt64, blocks: ClosedRange<Int>, from live: Int32, to files: DiffFiles, firstSlot: Int,
                  sizeAtSnapshot: Int, buffer: UnsafeMutableRawBufferPointer) throws(VolumeError) {
        let start = blocks.lowerBound * blockSize
        let count = blocks.count * blockSize
        let target = firstSlot * blockSize
        let copied = try RawIO.copy(from: live, at: start, to: files.blocks, at: target,
                                    count: max(0, min(count, sizeAtSnapshot - start)), buffer: buffer.baseAddress!,
                                    path: inodesRoot + "/\(inode)")
        guard copied < count else { return }
        buffer.baseAddress!.initializeMemory(as: UInt8.self, repeating: 0, count: count - copied)
        try RawIO.write(files.blocks, UnsafeRawBufferPointer(start: buffer.baseAddress!, count: count - copied),
                        at: target + copied, path: "\(inode).blocks")
    }

    /// Moves one block from a deleted snapshot's area into the next older snapshot's.
    func handDown(_ state: inout State, from source: DiffFiles, slot: Int, block: Int, inode: UInt64,
                  to position: Int) throws(VolumeError) {
        let buffer = scratch(&state, count: blockSize)
        let read = try RawIO.read(source.blocks, into: buffer.baseAddress!, count: blockSize, at: slot * blockSize,
                                  path: "\(inode).blocks")
        if read < blockSize { (buffer.baseAddress! + read).initializeMemory(as: UInt8.self, repeating: 0, count: blockSize - read) }
        try appendSlots(&state, inode: inode, blocks: [block], bytes: UnsafeRawBufferPointer(buffer), to: position)
    }

    /// Appends blocks (their bytes back to back) to a snapshot's area: the data first, then
    /// the index entries (8 bytes, little-endian block numbers), so an entry never names a
    /// block that did not land.
    private func appendSlots(_ state: inout State, inode: UInt64, blocks: [Int], bytes: UnsafeRawBufferPointer,
                             to position: Int) throws(VolumeError) {
        let files = try diffFiles(&state, snapshot: position, inode: inode)
        let firstSlot = state.snapshots[position].copied[inode]?.count ?? 0
        try RawIO.write(files.blocks, bytes, at: firstSlot * blockSize, path: "\(inode).blocks")
        try recordSlots(&state, inode: inode, blocks: blocks, firstSlot: firstSlot, files: files, in: position)
    }

    /// Writes the index entries of blocks whose data has landed at `firstSlot` onwards, and
    /// records them as copied.
    func recordSlots(_ state: inout State, inode: UInt64, blocks: [Int], firstSlot: Int, files: DiffFiles,
                     in position: Int) throws(VolumeError) {
        try withUnsafeTemporaryAllocation(byteCount: blocks.count * 8, alignment: 8) { entries throws(VolumeError) in
            for (index, block) in blocks.enumerated() {
                entries.storeBytes(of: UInt64(block).littleEndian, toByteOffset: index * 8, as: UInt64.self)
            }
            try RawIO.write(files.index, UnsafeRawBufferPointer(entries), at: firstSlot * 8, path: "\(inode).index")
        }
        for (index, block) in blocks.enumerated() {
            state.snapshots[position].copied[inode, default: [:]][block] = firstSlot + index
        }
    }

    /// The scratch buffer, at least `count` bytes (its first `count` bytes are returned).
    private func scratch(_ state: inout State, count: Int) -> UnsafeMutableRawBufferPointer {
        if let buffer = state.scratch, buffer.count >= count { return UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]) }
        state.scratch?.deallocate()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, maxRun * blockSize), alignment: 4096)
        state.scratch = buffer
        return UnsafeMutableRawBufferPointer(rebasing: buffer[..<count])
    }

    /// Snapshot `position`'s open area files for `inode`, opening (creating) them once. A
    /// store following another writer only opens what is there: the volume's files are
    /// the writer's to create and recycle.
    func diffFiles(_ state: inout State, snapshot position: Int, inode: UInt64) throws(VolumeError) -> DiffFiles {
        if let open = state.snapshots[position].diffFiles[inode] { return open }
        let base = state.snapshots[position].directory + "/\(inode)"
        if !followsAnotherWriter { adoptRecycledArea(at: base + ".blocks") }
        let flags = followsAnotherWriter ? O_RDONLY : O_RDWR | O_CREAT
        let blocks = try RawIO.open(base + ".blocks", flags)
        let index: Int32
        do throws(VolumeError) {
            index = try RawIO.open(base + ".index", flags)
        } catch {
            close(blocks)
            throw error
        }
        let files = DiffFiles(blocks: blocks, index: index)
        state.snapshots[position].diffFiles[inode] = files
        return files
    }

    /// A read-only descriptor of `inodes/<inode>`, opened once.
    func liveReader(_ state: inout State, inode: UInt64) throws(VolumeError) -> Int32 {
        if let open = state.liveReaders[inode] { return open }
        let fd = try RawIO.open(inodesRoot + "/\(inode)", O_RDONLY)
        state.liveReaders[inode] = fd
        return fd
    }

    /// Closes the cached descriptor before `inodes/<inode>` is unlinked.
    func dropLiveReader(_ state: inout State, inode: UInt64) {
        if let fd = state.liveReaders.removeValue(forKey: inode) { close(fd) }
        state.lastWritten[inode] = nil
    }
}

extension CopyOnWriteStore.SnapshotState {
    func closeDiffFiles() {
        for files in diffFiles.values {
            close(files.blocks)
            close(files.index)
        }
    }
}
