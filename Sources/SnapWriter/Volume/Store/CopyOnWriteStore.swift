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
///
/// Creating a snapshot writes its manifest only, so it costs the same at 64 MiB as at
/// 64 GiB. The first write to a block after the newest snapshot copies the old block into
/// that snapshot's area; an older snapshot reads through the newer ones, as VSS diff areas
/// do. The live data is always in the live files, so killing the process loses nothing
/// that was acknowledged.
public final class CopyOnWriteStore: Sendable {
    public struct SnapshotInfo: Sendable, Equatable {
        public let id: String
        public let sequence: Int
        public let manifest: SnapshotManifest
    }

    private struct SnapshotState: Sendable {
        let info: SnapshotInfo
        let directory: String
        /// inode → block number → slot in `<ino>.blocks`
        var copied: [UInt64: [Int: Int]] = [:]
    }

    private struct State: Sendable {
        /// Oldest first.
        var snapshots: [SnapshotState] = []
        var nextSequence = 1
    }

    public let directory: String
    public let blockSize: Int
    private let state: Mutex<State>

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
    public init(directory: String, blockSize: Int = 64 * 1024) throws(VolumeError) {
        self.directory = directory
        self.blockSize = blockSize
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
        state = Mutex(loaded)
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
                var block: UInt64 = 0
                for byte in bytes[(slot * 8)..<(slot * 8 + 8)].reversed() { block = block << 8 | UInt64(byte) }
                map[Int(block)] = map[Int(block)] ?? slot
            }
            copied[inode] = map
        }
        return copied
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

    /// Before bytes [offset, offset+length) of a live file change: copies each block the
    /// newest snapshot still needs into its area.
    public func willModify(inode: UInt64, offset: Int, length: Int) throws(VolumeError) {
        guard length > 0 else { return }
        try state.withLock { state throws(VolumeError) in
            guard let newest = state.snapshots.indices.last,
                let entry = state.snapshots[newest].info.manifest.entry(inode: inode), entry.size > 0
            else { return }
            let first = offset / blockSize
            let last = min((offset + length - 1) / blockSize, (entry.size - 1) / blockSize)
            guard first <= last else { return }
            for block in first...last where state.snapshots[newest].copied[inode]?[block] == nil {
                let slot = try copyOut(inode: inode, block: block, sizeAtSnapshot: entry.size,
                                       into: state.snapshots[newest].directory,
                                       slot: state.snapshots[newest].copied[inode]?.count ?? 0)
                state.snapshots[newest].copied[inode, default: [:]][block] = slot
            }
        }
    }

    /// Before a live file is truncated to `size`: the bytes past it are about to change.
    public func willTruncate(inode: UInt64, to size: Int) throws(VolumeError) {
        try willModify(inode: inode, offset: size, length: Int.max / 2 - size)
    }

    /// After a live file was unlinked: its inode link stays while a snapshot needs it.
    public func didUnlink(inode: UInt64) {
        let needed = state.withLock { state in state.snapshots.contains { $0.info.manifest.entry(inode: inode) != nil } }
        if !needed { unlink(inodesRoot + "/\(inode)") }
    }

    private func copyOut(inode: UInt64, block: Int, sizeAtSnapshot: Int, into directory: String, slot: Int)
        throws(VolumeError) -> Int
    {
        let source = try PosixFile(path: inodesRoot + "/\(inode)", flags: O_RDONLY)
        var bytes = try source.read(count: blockSize, at: block * blockSize)
        // Bytes past the size at the snapshot were not part of it.
        let valid = max(0, min(blockSize, sizeAtSnapshot - block * blockSize))
        if bytes.count > valid { bytes.removeLast(bytes.count - valid) }
        bytes.append(contentsOf: repeatElement(0, count: blockSize - bytes.count))
        try appendCopied(bytes, inode: inode, block: block, slot: slot, directory: directory)
        return slot
    }

    // MARK: Snapshots

    public var snapshots: [SnapshotInfo] { state.withLock { $0.snapshots.map(\.info) } }

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

    /// Deletes a snapshot. Its copied blocks move to the next older snapshot where that one
    /// lacks them, since the older one read through this one.
    public func deleteSnapshot(id: String) throws(VolumeError) {
        try state.withLock { state throws(VolumeError) in
            guard let position = state.snapshots.firstIndex(where: { $0.info.id == id }) else {
                throw VolumeError(volume: directory, message: "no snapshot \(id)")
            }
            if position > 0 {
                let doomed = state.snapshots[position]
                for (inode, blocks) in doomed.copied {
                    guard let older = state.snapshots[position - 1].info.manifest.entry(inode: inode) else { continue }
                    for (block, slot) in blocks.sorted(by: { $0.key < $1.key })
                    where state.snapshots[position - 1].copied[inode]?[block] == nil && block * blockSize < older.size {
                        let bytes = try PosixFile(path: doomed.directory + "/\(inode).blocks", flags: O_RDONLY)
                            .read(count: blockSize, at: slot * blockSize)
                        let target = state.snapshots[position - 1]
                        let newSlot = target.copied[inode]?.count ?? 0
                        try appendCopied(bytes, inode: inode, block: block, slot: newSlot, directory: target.directory)
                        state.snapshots[position - 1].copied[inode, default: [:]][block] = newSlot
                    }
                }
            }
            let removed = state.snapshots.remove(at: position)
            try? FileManager.default.removeItem(atPath: removed.directory)
            for entry in removed.info.manifest.entries where entry.kind == .file {
                let stillNeeded = state.snapshots.contains { $0.info.manifest.entry(inode: entry.inode) != nil }
                var status = stat()
                let path = inodesRoot + "/\(entry.inode)"
                if !stillNeeded, stat(path, &status) == 0, status.st_nlink == 1 { unlink(path) }
            }
        }
    }

    private func appendCopied(_ bytes: [UInt8], inode: UInt64, block: Int, slot: Int, directory: String) throws(VolumeError) {
        let blocks = try PosixFile(path: directory + "/\(inode).blocks", flags: O_WRONLY | O_CREAT)
        try blocks.write(bytes, at: slot * blockSize)
        let index = try PosixFile(path: directory + "/\(inode).index", flags: O_WRONLY | O_CREAT)
        var entry = [UInt8](repeating: 0, count: 8)
        for byteIndex in 0..<8 { entry[byteIndex] = UInt8(truncatingIfNeeded: UInt64(block) >> (8 * UInt64(byteIndex))) }
        try index.write(entry, at: slot * 8)
    }
}
