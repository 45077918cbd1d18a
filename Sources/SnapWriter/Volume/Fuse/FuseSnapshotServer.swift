import CFuse
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Exposes one snapshot of a volume read-only over FUSE, its files read block by block
/// through the copy-on-write store, so any program can open the point-in-time image.
public final class FuseSnapshotServer: Sendable {
    public let store: CopyOnWriteStore
    public let snapshot: CopyOnWriteStore.SnapshotInfo
    private let byInode: [UInt64: SnapshotManifest.Entry]
    private let children: [String: [SnapshotManifest.Entry]]
    private let createdAt = timespec(tv_sec: Int(Date().timeIntervalSince1970), tv_nsec: 0)
    private let session: FuseSession

    public var mountpoint: String { session.mountpoint }

    public init(store: CopyOnWriteStore, snapshotId: String, mountpoint: String) throws(VolumeError) {
        guard let snapshot = store.snapshots.first(where: { $0.id == snapshotId }) else {
            throw VolumeError(volume: store.directory, message: "no snapshot \(snapshotId); snapshots: "
                + store.snapshots.map(\.id).joined(separator: ", "))
        }
        self.store = store
        self.snapshot = snapshot
        session = FuseSession(mountpoint: mountpoint)
        var byInode: [UInt64: SnapshotManifest.Entry] = [:]
        var children: [String: [SnapshotManifest.Entry]] = [:]
        for entry in snapshot.manifest.entries {
            byInode[Self.kernelInode(entry)] = entry
            guard !entry.path.isEmpty else { continue }
            let parent = entry.path.contains("/") ? String(entry.path[..<entry.path.lastIndex(of: "/")!]) : ""
            children[parent, default: []].append(entry)
        }
        self.byInode = byInode
        self.children = children
    }

    static func kernelInode(_ entry: SnapshotManifest.Entry) -> UInt64 { entry.path.isEmpty ? 1 : entry.inode }

    public func mount() throws(VolumeError) {
        try session.mount(options: "ro,fsname=\(FuseServerProcess.source("snapwriter-snapshot")),subtype=snapwriter,"
                              + "default_permissions",
                          operations: FuseSnapshotOperations.table(),
                          userdata: Unmanaged.passUnretained(self).toOpaque(), volume: store.directory)
    }

    public func run() { session.run() }

    public func stop() { session.stop() }

    private func attributes(_ entry: SnapshotManifest.Entry) -> stat {
        var status = stat()
        status.st_ino = ino_t(Self.kernelInode(entry))
        status.st_mode = entry.kind == .directory ? (S_IFDIR | 0o555) : (S_IFREG | 0o444)
        status.st_nlink = entry.kind == .directory ? 2 : 1
        status.st_size = off_t(entry.size)
        status.st_blocks = blkcnt_t((entry.size + 511) / 512)
        status.st_blksize = blksize_t(store.blockSize)
        status.st_mtim = createdAt
        status.st_ctim = createdAt
        status.st_atim = createdAt
        return status
    }

    func lookup(_ request: fuse_req_t?, _ parent: UInt64, _ name: String) {
        guard let directory = byInode[parent],
            let entry = children[directory.path]?.first(where: { ($0.path.split(separator: "/").last.map(String.init) ?? "") == name })
        else { return replyError(request, ENOENT) }
        var parameters = fuse_entry_param()
        parameters.ino = Self.kernelInode(entry)
        parameters.attr = attributes(entry)
        parameters.attr_timeout = 3600
        parameters.entry_timeout = 3600
        fuse_reply_entry(request, &parameters)
    }

    func getattr(_ request: fuse_req_t?, _ inode: UInt64) {
        guard let entry = byInode[inode] else { return replyError(request, ENOENT) }
        var status = attributes(entry)
        fuse_reply_attr(request, &status, 3600)
    }

    func open(_ request: fuse_req_t?, _ inode: UInt64, _ info: UnsafeMutablePointer<fuse_file_info>) {
        guard byInode[inode] != nil else { return replyError(request, ENOENT) }
        guard info.pointee.flags & O_ACCMODE == O_RDONLY else { return replyError(request, EROFS) }
        CFuse_setKeepCache(info, 1)
        fuse_reply_open(request, info)
    }

    func read(_ request: fuse_req_t?, _ inode: UInt64, _ size: Int, _ offset: off_t) {
        guard let entry = byInode[inode] else { return replyError(request, ENOENT) }
        do {
            let bytes = try store.read(snapshot: snapshot.id, path: entry.path, offset: Int(offset), count: size)
            bytes.withUnsafeBytes { _ = fuse_reply_buf(request, $0.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count) }
        } catch {
            replyError(request, EIO)
        }
    }

    func readdir(_ request: fuse_req_t?, _ inode: UInt64, _ size: Int, _ offset: off_t) {
        guard let directory = byInode[inode] else { return replyError(request, ENOENT) }
        let listed: [(String, SnapshotManifest.Entry)] = [(".", directory), ("..", directory)]
            + (children[directory.path] ?? []).map { (String($0.path.split(separator: "/").last ?? ""), $0) }
        var buffer = [CChar](repeating: 0, count: size)
        var used = 0
        for (index, item) in listed.enumerated() where index >= Int(offset) {
            var status = attributes(item.1)
            let needed = buffer.withUnsafeMutableBufferPointer { pointer in
                fuse_add_direntry(request, pointer.baseAddress! + used, size - used, item.0, &status, off_t(index + 1))
            }
            if needed > size - used { break }
            used += needed
        }
        buffer.withUnsafeBufferPointer { _ = fuse_reply_buf(request, $0.baseAddress, used) }
    }
}

/// The read-only operations table; anything that would change the snapshot is refused.
enum FuseSnapshotOperations {
    static func table() -> fuse_lowlevel_ops {
        var ops = fuse_lowlevel_ops()
        ops.lookup = { request, parent, name in snapshotServer(request).lookup(request, parent, String(cString: name!)) }
        ops.forget = { request, _, _ in fuse_reply_none(request) }
        ops.getattr = { request, inode, _ in snapshotServer(request).getattr(request, inode) }
        ops.open = { request, inode, info in snapshotServer(request).open(request, inode, info!) }
        ops.read = { request, inode, size, offset, _ in snapshotServer(request).read(request, inode, size, offset) }
        ops.release = { request, _, _ in replyError(request, 0) }
        ops.opendir = { request, _, info in _ = fuse_reply_open(request, info) }
        ops.readdir = { request, inode, size, offset, _ in snapshotServer(request).readdir(request, inode, size, offset) }
        ops.releasedir = { request, _, _ in replyError(request, 0) }
        return ops
    }
}

private func snapshotServer(_ request: fuse_req_t?) -> FuseSnapshotServer {
    Unmanaged<FuseSnapshotServer>.fromOpaque(fuse_req_userdata(request)!).takeUnretainedValue()
}
