import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A volume's storage in plain files, with copy-on-write snapshots in the manner of the
/// Windows software provider.
///
///     DIR/live/               the live files, as programs see them through the mount
///     DIR/inodes/<ino>        a hard link to every live file, so a file stays readable by
///                             inode after it is renamed or unlinked while a snapshot needs it
///     DIR/snapshots/<n>-<id>/ manifest (paths, inodes, sizes) and, per inode, the blocks
///                             copied out before their first overwrite: `<ino>.blocks`
///                             holds them in arrival order, `<ino>.index` their block numbers
///     DIR/recycled/           blocks files of deleted snapshots, for the next snapshot's
///                             copies to overwrite (`CopyOnWriteStore+Recycle`)
///
/// Creating a snapshot writes its manifest only, so it costs the same at 64 MiB as at
/// 64 GiB. The first write to a block after the newest snapshot copies the old block into
/// that snapshot's area; an older snapshot reads through the newer ones, as VSS diff areas
/// do. For a sequential writer a worker copies the blocks just ahead of it, so its writes
/// mostly find their blocks copied already (`CopyOnWriteStore+Ahead`). The live data is
/// always in the live files, so killing the process loses nothing that was acknowledged.
public final class CopyOnWriteStore: Sendable {
    public struct SnapshotInfo: Sendable, Equatable {
        public let id: String
        public let sequence: Int
        public let manifest: SnapshotManifest
    }

    struct SnapshotState: Sendable {
        let info: SnapshotInfo
        let directory: String
        /// inode → block number → slot in `<ino>.blocks`
        var copied: [UInt64: [Int: Int]] = [:]
        /// inode → its open `<ino>.blocks` and `<ino>.index`, opened on first use
        var diffFiles: [UInt64: DiffFiles] = [:]
        /// inode → index entries taken in so far, for a store following another writer
        var indexed: [UInt64: Int] = [:]
    }

    /// One inode's copied blocks in one snapshot, kept open while the snapshot lives.
    struct DiffFiles: Sendable {
        let blocks: Int32
        let index: Int32
    }

    /// Everything the lock guards. Not Sendable itself (the scratch buffer is raw memory);
    /// the Mutex is what makes sharing it sound.
    struct State {
        /// Oldest first.
        var snapshots: [SnapshotState] = []
        var nextSequence = 1
        /// inode → a read-only descriptor of `inodes/<ino>`, kept open until that link goes.
        /// An open descriptor pins its inode, so its number cannot be reused meanwhile.
        var liveReaders: [UInt64: Int32] = [:]
        /// Where blocks pass on their way into a diff area: allocated once, so no copy pays
        /// for fresh pages.
        var scratch: UnsafeMutableRawBufferPointer?
        /// inode → the last block its latest write touched, to tell a sequential writer.
        var lastWritten: [UInt64: Int] = [:]
        /// inode → blocks to copy ahead of a sequential writer, and whether the worker runs.
        var aheadRequests: [UInt64: AheadRequest] = [:]
        var aheadRunning = false
        /// The run the worker is copying with the lock released, if any.
        var inFlight: InFlightCopy?
        /// For a store following another writer: the snapshots directory's stamp when its
        /// listing was last taken in, if that listing can be trusted until the stamp changes.
        var followedSnapshotsStamp: DirectoryStamp?
    }

    public let directory: String
    public let blockSize: Int
    /// True for a store that only reads snapshots while another process (the volume's
    /// mounted server) writes (`CopyOnWriteStore+Follow`).
    public let followsAnotherWriter: Bool
    let state: SleepingMutex<State>
    /// Where the copy-ahead worker runs (one at a time).
    let aheadQueue = DispatchQueue(label: "snapwriter.copy-ahead")
    /// Counts runs the worker finished; waiters for a run in flight sleep on `aheadDone`.
    let aheadGeneration = Atomic<Int>(0)
    let aheadDone = ConditionLock()
    let aheadBuffer = AheadBuffer()

    public var liveRoot: String { directory + "/live" }
    var inodesRoot: String { directory + "/inodes" }
    var snapshotsRoot: String { directory + "/snapshots" }

    /// Creates the layout of a new, empty volume.
    public static func create(directory: String, blockSize: Int = 64 * 1024) throws(VolumeError) -> CopyOnWriteStore {
        for sub in ["", "/live", "/inodes", "/snapshots"] {
            do {
                try FileManager.default.createDirectory(atPath: directory + sub, withIntermediateDirectories: true)
            } catch {
                throw VolumeError(volume: directory, message: "cannot create \(directory + sub): \(error.localizedDescription)")
            }
        }
        return try CopyOnWriteStore(directory: directory, blockSize: blockSize)
    }

    /// Opens an existing volume directory, reloading every snapshot's copied blocks.
    public init(directory: String, blockSize: Int = 64 * 1024, followsAnotherWriter: Bool = false) throws(VolumeError) {
        self.directory = directory
        self.blockSize = blockSize
        self.followsAnotherWriter = followsAnotherWriter
        var loaded = State()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/snapshots")) ?? []
        for name in names.sorted(by: { Self.sequence(of: $0) < Self.sequence(of: $1) }) {
            let path = directory + "/snapshots/" + name
            guard let text = try? String(contentsOfFile: path + "/manifest", encoding: .utf8),
                let manifest = SnapshotManifest(text: text)
            else { continue }  // a snapshot whose manifest never landed was never created
            let sequence = Self.sequence(of: name)
            let id = String(name.drop(while: { $0 != "-" }).dropFirst())
            var snapshot = SnapshotState(info: SnapshotInfo(id: id, sequence: sequence, manifest: manifest), directory: path)
            snapshot.copied = try Self.loadIndexes(in: path, blockSize: blockSize)
            loaded.snapshots.append(snapshot)
            loaded.nextSequence = max(loaded.nextSequence, sequence + 1)
        }
        state = SleepingMutex(loaded)
    }

    deinit {
        state.withLock { state in
            state.liveReaders.values.forEach { close($0) }
            for snapshot in state.snapshots { snapshot.closeDiffFiles() }
            state.scratch?.deallocate()
        }
    }

    private static func sequence(of name: String) -> Int { Int(name.prefix(while: { $0 != "-" })) ?? 0 }

    /// Index entries are 8 bytes each; a torn last entry, or one whose block never fully
    /// landed, is ignored: that copy had not completed, so its write was never made.
    private static func loadIndexes(in path: String, blockSize: Int) throws(VolumeError) -> [UInt64: [Int: Int]] {
        var copied: [UInt64: [Int: Int]] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names where name.hasSuffix(".index") {
            guard let inode = UInt64(name.dropLast(6)) else { continue }
            let index = try PosixFile(path: path + "/" + name, flags: O_RDONLY)
            let bytes = try index.read(count: try index.size(), at: 0)
            let blocksSize = (try? PosixFile(path: path + "/\(inode).blocks", flags: O_RDONLY).size()) ?? 0
            var map: [Int: Int] = [:]
            for slot in 0..<(bytes.count / 8) where (slot + 1) * blockSize <= blocksSize {
                let block = indexEntry(bytes, at: slot)
                map[block] = map[block] ?? slot
            }
            copied[inode] = map
        }
        return copied
    }

    /// The block number in entry `entry` of an index file's bytes (8 bytes, little-endian).
    static func indexEntry(_ bytes: [UInt8], at entry: Int) -> Int {
        var block: UInt64 = 0
        for byte in bytes[(entry * 8)..<(entry * 8 + 8)].reversed() { block = block << 8 | UInt64(byte) }
        return Int(block)
    }

    // MARK: Live files

    /// Gives a newly created live file its inode link. Returns the inode.
    @discardableResult
    public func register(livePath relative: String) throws(VolumeError) -> UInt64 {
        let path = liveRoot + "/" + relative
        var status = stat()
        guard stat(path, &status) == 0 else { throw VolumeError.posix("stat \(path)", volume: directory) }
        let inode = UInt64(status.st_ino)
        let link = inodesRoot + "/\(inode)"
        if Glibc.link(path, link) != 0, errno != EEXIST {
            throw VolumeError.posix("link \(path)", volume: directory)
        }
        return inode
    }

    /// After a live file was unlinked: its inode link stays while a snapshot needs it.
    public func didUnlink(inode: UInt64) {
        state.withLock { state in
            guard !state.snapshots.contains(where: { $0.info.manifest.entry(inode: inode) != nil }) else { return }
            dropLiveReader(&state, inode: inode)
            unlink(inodesRoot + "/\(inode)")
        }
    }

    // MARK: Snapshots

    public var snapshots: [SnapshotInfo] { state.withLock { $0.snapshots.map(\.info) } }

    /// How many blocks snapshot `id` has had copied into its area (0 for an unknown id).
    public func copiedBlocks(snapshot id: String) -> Int {
        state.withLock { state in
            state.snapshots.first { $0.info.id == id }.map { $0.copied.values.reduce(0) { $0 + $1.count } } ?? 0
        }
    }

    /// Records the live tree's manifest: the snapshot exists once the manifest is on disk.
    public func createSnapshot(id: String) throws(VolumeError) -> SnapshotInfo {
        try state.withLock { state throws(VolumeError) -> SnapshotInfo in
            let sequence = state.nextSequence
            let path = snapshotsRoot + "/\(sequence)-\(id)"
            let manifest = try walkLive()
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                let temporary = path + "/manifest.partial"
                try manifest.text.write(toFile: temporary, atomically: false, encoding: .utf8)
                let file = try PosixFile(path: temporary, flags: O_RDONLY)
                try file.sync()
                guard rename(temporary, path + "/manifest") == 0 else { throw VolumeError.posix("rename manifest") }
            } catch let error as VolumeError {
                throw error
            } catch {
                throw VolumeError(volume: directory, message: "cannot write snapshot \(id): \(error.localizedDescription)")
            }
            let info = SnapshotInfo(id: id, sequence: sequence, manifest: manifest)
            state.snapshots.append(SnapshotState(info: info, directory: path))
            state.nextSequence += 1
            return info
        }
    }

    private func walkLive() throws(VolumeError) -> SnapshotManifest {
        var entries = [SnapshotManifest.Entry(kind: .directory, inode: 0, size: 0, path: "")]
        guard let enumerator = FileManager.default.enumerator(atPath: liveRoot) else {
            throw VolumeError(volume: directory, message: "cannot list \(liveRoot)")
        }
        while let relative = enumerator.nextObject() as? String {
            var status = stat()
            guard lstat(liveRoot + "/" + relative, &status) == 0 else { continue }
            if status.st_mode & S_IFMT == S_IFDIR {
                entries.append(.init(kind: .directory, inode: UInt64(status.st_ino), size: 0, path: relative))
            } else if status.st_mode & S_IFMT == S_IFREG {
                entries.append(.init(kind: .file, inode: UInt64(status.st_ino), size: Int(status.st_size), path: relative))
            }
        }
        return SnapshotManifest(entries: entries.sorted { $0.path < $1.path })
    }

    /// Deletes a snapshot. Its copied blocks move to the next older snapshot where that one
    /// lacks them, since the older one read through this one.
    public func deleteSnapshot(id: String) throws(VolumeError) {
        while true {
            let busy = try state.withLock { state throws(VolumeError) -> Int? in
                if state.inFlight != nil { return aheadGeneration.load(ordering: .acquiring) }
                try deleteSnapshot(&state, id: id)
                return nil
            }
            guard let busy else { return }
            waitForInFlightCopy(after: busy)  // it uses descriptors the deletion may close
        }
    }

    private func deleteSnapshot(_ state: inout State, id: String) throws(VolumeError) {
        guard let position = state.snapshots.firstIndex(where: { $0.info.id == id }) else {
            throw VolumeError(volume: directory, message: "no snapshot \(id)")
        }
        if position > 0 {
            let doomed = state.snapshots[position]
            for (inode, blocks) in doomed.copied {
                guard let older = state.snapshots[position - 1].info.manifest.entry(inode: inode) else { continue }
                let source = try diffFiles(&state, snapshot: position, inode: inode)
                for (block, slot) in blocks.sorted(by: { $0.key < $1.key })
                where state.snapshots[position - 1].copied[inode]?[block] == nil && block * blockSize < older.size {
                    try handDown(&state, from: source, slot: slot, block: block, inode: inode, to: position - 1)
                }
            }
        }
        let removed = state.snapshots.remove(at: position)
        removed.closeDiffFiles()
        recycleAreas(of: removed)
        try? FileManager.default.removeItem(atPath: removed.directory)
        for entry in removed.info.manifest.entries where entry.kind == .file {
            let stillNeeded = state.snapshots.contains { $0.info.manifest.entry(inode: entry.inode) != nil }
            var status = stat()
            let path = inodesRoot + "/\(entry.inode)"
            if !stillNeeded, stat(path, &status) == 0, status.st_nlink == 1 {
                dropLiveReader(&state, inode: entry.inode)
                unlink(path)
            }
        }
    }
}
