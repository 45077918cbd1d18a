import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Copy-ahead for sequential writers. When a write to a file carries on where its previous
/// write ended, the blocks just after it are likely next; a worker copies those the newest
/// snapshot still needs into its area while the writer is busy elsewhere (its own data
/// write, the round trip to the next request), so the next write usually finds its blocks
/// copied already and only looks them up.
///
/// The worker reserves a run of blocks under the store's lock (`State.inFlight`), copies
/// their data with the lock released, and records their index entries under the lock
/// again, data first as every copy does. While a run is in flight, a write to that file
/// that has blocks to copy waits for it to land (so no block in flight changes, and index
/// entries go in slot order), and deleting a snapshot waits too (so no descriptor the
/// worker uses is closed). A block copied ahead therefore holds what the snapshot saw, and
/// reloading, snapshot reads, deletion and hand-down treat it like any other; a copy cut
/// short by a crash has no index entry and is ignored, the live block being unchanged.
/// The price is area space: at most one window past where a sequential writer stops is
/// copied although it never changes.
extension CopyOnWriteStore {
    /// Blocks the worker should copy for one file: those of `blocks` that snapshot
    /// `sequence` (if still the newest) lacks.
    struct AheadRequest {
        let sequence: Int
        var blocks: ClosedRange<Int>
    }

    /// A run of blocks the worker is copying with the lock released.
    struct InFlightCopy: Sendable {
        let sequence: Int
        let inode: UInt64
        let blocks: ClosedRange<Int>
        let firstSlot: Int
        let sizeAtSnapshot: Int
        let live: Int32
        let files: DiffFiles
    }

    /// The worker's buffer, allocated on first use. Only the worker touches it, on the
    /// serial copy-ahead queue, which is what makes sharing the class sound.
    final class AheadBuffer: @unchecked Sendable {
        private var memory: UnsafeMutableRawBufferPointer?

        func bytes(_ count: Int) -> UnsafeMutableRawBufferPointer {
            if let memory, memory.count >= count { return UnsafeMutableRawBufferPointer(rebasing: memory[..<count]) }
            memory?.deallocate()
            let fresh = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 4096)
            memory = fresh
            return fresh
        }

        deinit { memory?.deallocate() }
    }

    /// The most blocks a sequential writer gets copied ahead of it: twice its own write,
    /// at least two blocks, at most 2 MiB.
    var aheadLimit: Int { max(2, (2 << 20) / blockSize) }

    /// Blocks the worker copies per run.
    var aheadStep: Int { max(1, (256 << 10) / blockSize) }

    /// After a write to `written` blocks of `inode`: when it continues the file's previous
    /// write, asks for the next window. True when the worker must be started.
    func requestCopyAhead(_ state: inout State, inode: UInt64, written: ClosedRange<Int>,
                          sizeAtSnapshot: Int) -> Bool {
        let previous = state.lastWritten.updateValue(written.upperBound, forKey: inode)
        guard let previous, written.lowerBound == previous || written.lowerBound == previous + 1 else { return false }
        let window = min(aheadLimit, max(2, 2 * written.count))
        let from = written.upperBound + 1
        let to = min(written.upperBound + window, (sizeAtSnapshot - 1) / blockSize)
        guard from <= to, let position = state.snapshots.indices.last else { return false }
        let copied = state.snapshots[position].copied[inode]
        guard let firstMissing = (from...to).first(where: { copied?[$0] == nil }) else { return false }
        state.aheadRequests[inode] = AheadRequest(sequence: state.snapshots[position].info.sequence,
                                                  blocks: firstMissing...to)
        guard !state.aheadRunning else { return false }
        state.aheadRunning = true
        return true
    }

    /// Starts the worker on the store's copy-ahead queue.
    func scheduleCopyAhead() {
        aheadQueue.async { [weak self] in self?.serveCopyAhead() }
    }

    /// Waits until the run in flight when `generation` was read has landed (or failed).
    func waitForInFlightCopy(after generation: Int) {
        aheadDone.withLock {
            aheadDone.wait { aheadGeneration.load(ordering: .acquiring) != generation }
        }
    }

    /// Waits until the copy-ahead worker has nothing left to do.
    func waitForCopyAhead() {
        aheadQueue.sync {}
    }

    private enum AheadJob {
        case idle
        case skip
        case copy(InFlightCopy)
    }

    /// Serves requests, one run at a time, until none is left. A request whose snapshot is
    /// no longer the newest is dropped; so is one whose copy fails (the writer then copies
    /// those blocks itself and reports the error).
    private func serveCopyAhead() {
        while true {
            let job = state.withLock { state in nextAheadJob(&state) }
            guard case .copy(let copy) = job else {
                if case .idle = job { return }
                continue
            }
            let landed = copyData(copy)
            state.withLock { state in finish(&state, copy, landed: landed) }
            aheadDone.withLock {
                aheadGeneration.add(1, ordering: .releasing)
                aheadDone.broadcast()
            }
        }
    }

    /// The next run to copy, reserved (its slots are the next ones), or why there is none.
    private func nextAheadJob(_ state: inout State) -> AheadJob {
        guard let (inode, request) = state.aheadRequests.first else {
            state.aheadRunning = false
            return .idle
        }
        guard let position = state.snapshots.indices.last, state.snapshots[position].info.sequence == request.sequence,
            let entry = state.snapshots[position].info.manifest.entry(inode: inode), entry.size > 0
        else {
            state.aheadRequests[inode] = nil
            return .skip
        }
        let copied = state.snapshots[position].copied[inode]
        let last = min(request.blocks.upperBound, (entry.size - 1) / blockSize)
        guard request.blocks.lowerBound <= last,
            let first = (request.blocks.lowerBound...last).first(where: { copied?[$0] == nil })
        else {
            state.aheadRequests[inode] = nil
            return .skip
        }
        var end = first
        while end < last, end - first + 1 < aheadStep, copied?[end + 1] == nil { end += 1 }
        let files: DiffFiles
        let live: Int32
        do throws(VolumeError) {
            files = try diffFiles(&state, snapshot: position, inode: inode)
            live = try liveReader(&state, inode: inode)
        } catch {
            state.aheadRequests[inode] = nil
            return .skip
        }
        let copy = InFlightCopy(sequence: request.sequence, inode: inode, blocks: first...end,
                                firstSlot: copied?.count ?? 0, sizeAtSnapshot: entry.size, live: live, files: files)
        state.inFlight = copy
        return .copy(copy)
    }

    /// The run's data into its reserved slots. Runs without the lock.
    private func copyData(_ copy: InFlightCopy) -> Bool {
        do throws(VolumeError) {
            try copyData(inode: copy.inode, blocks: copy.blocks, from: copy.live, to: copy.files, firstSlot: copy.firstSlot,
                         sizeAtSnapshot: copy.sizeAtSnapshot, buffer: aheadBuffer.bytes(copy.blocks.count * blockSize))
            return true
        } catch {
            return false
        }
    }

    /// Records a landed run's index entries and ends its flight; moves its request on.
    private func finish(_ state: inout State, _ copy: InFlightCopy, landed: Bool) {
        state.inFlight = nil
        guard let position = state.snapshots.firstIndex(where: { $0.info.sequence == copy.sequence }) else { return }
        var recorded = false
        if landed {
            do throws(VolumeError) {
                try recordSlots(&state, inode: copy.inode, blocks: Array(copy.blocks), firstSlot: copy.firstSlot,
                                files: copy.files, in: position)
                recorded = true
            } catch {}
        }
        guard let request = state.aheadRequests[copy.inode], request.sequence == copy.sequence else { return }
        if !recorded || copy.blocks.upperBound >= request.blocks.upperBound {
            state.aheadRequests[copy.inode] = nil
        } else {
            state.aheadRequests[copy.inode]?.blocks = max(request.blocks.lowerBound, copy.blocks.upperBound + 1)...request.blocks.upperBound
        }
    }
}
