import CFuse
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The file system operations: plain system calls on the live files, with the gate and the
/// copy-on-write store in front of every change.
extension FuseVolumeServer {
    static let attributeTimeout = 1.0

    private func attributes(_ relative: String) -> stat? {
        var status = stat()
        guard lstat(backingPath(relative), &status) == 0 else { return nil }
        status.st_ino = ino_t(nodes.kernelInode(UInt64(status.st_ino)))
        return status
    }

    private func replyEntry(_ request: fuse_req_t?, _ relative: String) {
        guard let status = attributes(relative) else {
            replyError(request, errno)
            return
        }
        nodes.remember(UInt64(status.st_ino), at: relative)
        var entry = fuse_entry_param()
        entry.ino = UInt64(status.st_ino)
        entry.attr = status
        entry.attr_timeout = Self.attributeTimeout
        entry.entry_timeout = Self.attributeTimeout
        fuse_reply_entry(request, &entry)
    }

    func lookup(_ request: fuse_req_t?, _ parent: UInt64, _ name: String) {
        guard let parentPath = nodes.path(of: parent) else { return replyError(request, ENOENT) }
        replyEntry(request, FuseNodeTable.child(parentPath, name))
    }

    func getattr(_ request: fuse_req_t?, _ inode: UInt64) {
        guard let path = nodes.path(of: inode), var status = attributes(path) else { return replyError(request, ENOENT) }
        fuse_reply_attr(request, &status, Self.attributeTimeout)
    }

    func setattr(_ request: fuse_req_t?, _ inode: UInt64, _ wanted: stat, _ toSet: Int32,
                 _ info: UnsafeMutablePointer<fuse_file_info>?) {
        let handle = info.map { Int32(truncatingIfNeeded: $0.pointee.fh) }
        let requestBox = RequestBox(request)
        gated { [self] in
            let request = requestBox.request
            guard let path = nodes.path(of: inode) else { return replyError(request, ENOENT) }
            let full = backingPath(path)
            if toSet & FUSE_SET_ATTR_SIZE != 0 {
                if let code = injectedError(.truncate, path: path) { return replyError(request, code) }
                if let capacity, !capacity.resize(inode: inode, path: full, to: Int(wanted.st_size)) {
                    return replyError(request, ENOSPC)
                }
                do {
                    try store.willTruncate(inode: inode, to: Int(wanted.st_size))
                } catch {
                    capacity?.settle(inode: inode, path: full)
                    return replyError(request, EIO)
                }
                let result = handle.map { ftruncate($0, wanted.st_size) } ?? truncate(full, wanted.st_size)
                if result != 0 {
                    let failure = errno
                    capacity?.settle(inode: inode, path: full)
                    return replyError(request, failure)
                }
            }
            if toSet & FUSE_SET_ATTR_MODE != 0, chmod(full, wanted.st_mode) != 0 { return replyError(request, errno) }
            if toSet & (FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME) != 0 {
                var times = [timespec(tv_sec: 0, tv_nsec: Int(CFuse_utimeOmit())), timespec(tv_sec: 0, tv_nsec: Int(CFuse_utimeOmit()))]
                if toSet & FUSE_SET_ATTR_ATIME_NOW != 0 { times[0].tv_nsec = Int(CFuse_utimeNow()) }
                else if toSet & FUSE_SET_ATTR_ATIME != 0 { times[0] = wanted.st_atim }
                if toSet & FUSE_SET_ATTR_MTIME_NOW != 0 { times[1].tv_nsec = Int(CFuse_utimeNow()) }
                else if toSet & FUSE_SET_ATTR_MTIME != 0 { times[1] = wanted.st_mtim }
                if utimensat(AT_FDCWD, full, &times, 0) != 0 { return replyError(request, errno) }
            }
            guard var status = attributes(path) else { return replyError(request, errno) }
            fuse_reply_attr(request, &status, Self.attributeTimeout)
        }
    }

    func open(_ request: fuse_req_t?, _ inode: UInt64, _ info: UnsafeMutablePointer<fuse_file_info>) {
        guard let path = nodes.path(of: inode) else { return replyError(request, ENOENT) }
        if let code = injectedError(.open, path: path) { return replyError(request, code) }
        // Writes go to the server unbuffered, so a hold stalls the writer for exactly the hold.
        // O_TRUNC comes as a separate, gated size change (atomic O_TRUNC is off).
        let flags = info.pointee.flags & ~(O_APPEND | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC)
        let fd = Glibc.open(backingPath(path), Self.backingFlags(flags))
        guard fd >= 0 else { return replyError(request, errno) }
        info.pointee.fh = UInt64(fd)
        // O_DIRECT writers (databases, fio) keep several writes to one file in flight, as
        // they would on a disk; without this the kernel sends them one at a time. The store
        // orders each write after the copy it needs, whatever runs beside it. Read-only
        // opens keep the plain reply, under which the kernel answers reads at the end of
        // the file itself rather than sending them here.
        if flags & CFuse_openDirectFlag() != 0, flags & O_ACCMODE != O_RDONLY {
            _ = CFuse_replyOpenDirectParallel(request, UInt64(fd))
            return
        }
        fuse_reply_open(request, info)
    }

    func create(_ request: fuse_req_t?, _ parent: UInt64, _ name: String, _ mode: mode_t,
                _ info: UnsafeMutablePointer<fuse_file_info>) {
        let requestBox = RequestBox(request)
        // libfuse's file info lives on its worker's stack only until this callback returns;
        // a parked create answers later, so it keeps its own copy.
        let infoCopy = info.pointee
        gated { [self] in
            let request = requestBox.request
            var info = infoCopy
            guard let parentPath = nodes.path(of: parent) else { return replyError(request, ENOENT) }
            let relative = FuseNodeTable.child(parentPath, name)
            if let code = injectedError(.create, path: relative) { return replyError(request, code) }
            let flags = info.flags & ~(O_APPEND | O_NOCTTY)
            let fd = Glibc.open(backingPath(relative), Self.backingFlags(flags) | O_CREAT, mode)
            guard fd >= 0 else { return replyError(request, errno) }
            do {
                try store.register(livePath: relative)
            } catch {
                close(fd)
                return replyError(request, EIO)
            }
            guard let status = attributes(relative) else {
                close(fd)
                return replyError(request, errno)
            }
            capacity?.settle(inode: UInt64(status.st_ino), descriptor: fd)
            nodes.remember(UInt64(status.st_ino), at: relative)
            var entry = fuse_entry_param()
            entry.ino = UInt64(status.st_ino)
            entry.attr = status
            entry.attr_timeout = Self.attributeTimeout
            entry.entry_timeout = Self.attributeTimeout
            info.fh = UInt64(fd)
            fuse_reply_create(request, &entry, &info)
        }
    }

    /// The flags a backing file is opened with. O_DIRECT already did its part: the kernel
    /// sends such I/O to the server uncached, one request per call. libfuse's write payload
    /// is not block-aligned, so O_DIRECT on the backing file would fail every write with
    /// EINVAL; the server writes to the backing file's page cache and fsync makes it durable.
    static func backingFlags(_ flags: Int32) -> Int32 { (flags & ~CFuse_openDirectFlag()) | O_CLOEXEC }

    /// Reads into a buffer of its own (uninitialised: pread fills what is answered).
    func read(_ request: fuse_req_t?, _ inode: UInt64, _ size: Int, _ offset: off_t,
              _ info: UnsafeMutablePointer<fuse_file_info>) {
        if let code = injectedError(.read, inode: inode) { return replyError(request, code) }
        let fd = Int32(truncatingIfNeeded: info.pointee.fh)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 16)
        defer { buffer.deallocate() }
        let count = pread(fd, buffer, size, offset)
        guard count >= 0 else { return replyError(request, errno) }
        fuse_reply_buf(request, buffer.assumingMemoryBound(to: CChar.self), count)
    }

    /// Writes straight from libfuse's buffer when the gate admits it; only a write parked
    /// by a hold keeps a copy of its payload, to be written on release.
    func write(_ request: fuse_req_t?, _ inode: UInt64, _ payload: UnsafeRawBufferPointer, _ offset: off_t,
               _ info: UnsafeMutablePointer<fuse_file_info>) {
        let fd = Int32(truncatingIfNeeded: info.pointee.fh)
        if gate.enter(orPark: parkedWrite(RequestBox(request), inode, [UInt8](payload), offset, fd)) {
            performWrite(request, inode, payload, offset, fd)
            gate.leave()
        }
    }

    private func parkedWrite(_ requestBox: RequestBox, _ inode: UInt64, _ bytes: [UInt8], _ offset: off_t,
                             _ fd: Int32) -> () -> Void {
        { [self] in bytes.withUnsafeBytes { performWrite(requestBox.request, inode, $0, offset, fd) } }
    }

    private func performWrite(_ request: fuse_req_t?, _ inode: UInt64, _ payload: UnsafeRawBufferPointer, _ offset: off_t,
                              _ fd: Int32) {
        if let code = injectedError(.write, inode: inode) { return replyError(request, code) }
        if let capacity, !capacity.reserve(inode: inode, descriptor: fd, end: Int(offset) + payload.count) {
            return replyError(request, ENOSPC)
        }
        do {
            try store.willModify(inode: inode, offset: Int(offset), length: payload.count)
        } catch {
            capacity?.settle(inode: inode, descriptor: fd)
            return replyError(request, EIO)
        }
        let written = pwrite(fd, payload.baseAddress, payload.count, offset)
        if written < payload.count { capacity?.settle(inode: inode, descriptor: fd) }
        guard written >= 0 else { return replyError(request, errno) }
        fuse_reply_write(request, written)
    }

    func fsync(_ request: fuse_req_t?, _ inode: UInt64, _ info: UnsafeMutablePointer<fuse_file_info>) {
        let fd = Int32(truncatingIfNeeded: info.pointee.fh)
        let requestBox = RequestBox(request)
        gated { [self] in
            if let code = injectedError(.fsync, inode: inode) { return replyError(requestBox.request, code) }
            replyError(requestBox.request, Glibc.fsync(fd) == 0 ? 0 : errno)
        }
    }

    func opendir(_ request: fuse_req_t?, _ inode: UInt64, _ info: UnsafeMutablePointer<fuse_file_info>) {
        guard nodes.path(of: inode) != nil else { return replyError(request, ENOENT) }
        fuse_reply_open(request, info)
    }

    func readdir(_ request: fuse_req_t?, _ inode: UInt64, _ size: Int, _ offset: off_t) {
        guard let path = nodes.path(of: inode) else { return replyError(request, ENOENT) }
        if offset == 0, let code = injectedError(.readdir, path: path) { return replyError(request, code) }
        let names = [".", ".."] + ((try? FileManager.default.contentsOfDirectory(atPath: backingPath(path))) ?? []).sorted()
        var buffer = [CChar](repeating: 0, count: size)
        var used = 0
        for (index, name) in names.enumerated() where index >= Int(offset) {
            var status = stat()
            if name == "." || name == ".." {
                status.st_mode = S_IFDIR
            } else if lstat(backingPath(FuseNodeTable.child(path, name)), &status) != 0 {
                continue
            }
            status.st_ino = ino_t(nodes.kernelInode(UInt64(status.st_ino)))
            let needed = buffer.withUnsafeMutableBufferPointer { pointer in
                fuse_add_direntry(request, pointer.baseAddress! + used, size - used, name, &status, off_t(index + 1))
            }
            if needed > size - used { break }
            used += needed
        }
        buffer.withUnsafeBufferPointer { _ = fuse_reply_buf(request, $0.baseAddress, used) }
    }

    func mkdir(_ request: fuse_req_t?, _ parent: UInt64, _ name: String, _ mode: mode_t) {
        let requestBox = RequestBox(request)
        gated { [self] in
            let request = requestBox.request
            guard let parentPath = nodes.path(of: parent) else { return replyError(request, ENOENT) }
            let relative = FuseNodeTable.child(parentPath, name)
            if let code = injectedError(.mkdir, path: relative) { return replyError(request, code) }
            guard Glibc.mkdir(backingPath(relative), mode) == 0 else { return replyError(request, errno) }
            replyEntry(request, relative)
        }
    }

    func remove(_ request: fuse_req_t?, _ parent: UInt64, _ name: String, directory: Bool) {
        let requestBox = RequestBox(request)
        gated { [self] in
            let request = requestBox.request
            guard let parentPath = nodes.path(of: parent) else { return replyError(request, ENOENT) }
            let relative = FuseNodeTable.child(parentPath, name)
            if let code = injectedError(directory ? .rmdir : .unlink, path: relative) { return replyError(request, code) }
            var status = stat()
            guard lstat(backingPath(relative), &status) == 0 else { return replyError(request, errno) }
            let result = directory ? Glibc.rmdir(backingPath(relative)) : Glibc.unlink(backingPath(relative))
            guard result == 0 else { return replyError(request, errno) }
            if !directory {
                store.didUnlink(inode: UInt64(status.st_ino))
                capacity?.removed(inode: UInt64(status.st_ino), size: Int(status.st_size))
            }
            nodes.forget(path: relative)
            replyError(request, 0)
        }
    }

    func rename(_ request: fuse_req_t?, _ parent: UInt64, _ name: String, _ newParent: UInt64, _ newName: String,
                _ flags: UInt32) {
        let requestBox = RequestBox(request)
        gated { [self] in
            let request = requestBox.request
            guard flags == 0 else { return replyError(request, EINVAL) }
            guard let from = nodes.path(of: parent), let to = nodes.path(of: newParent) else {
                return replyError(request, ENOENT)
            }
            let old = FuseNodeTable.child(from, name)
            let new = FuseNodeTable.child(to, newName)
            if let code = injectedError(.rename, path: old) { return replyError(request, code) }
            var replaced = stat()
            let replacesFile = lstat(backingPath(new), &replaced) == 0 && replaced.st_mode & S_IFMT == S_IFREG
            guard Glibc.rename(backingPath(old), backingPath(new)) == 0 else { return replyError(request, errno) }
            if replacesFile {
                store.didUnlink(inode: UInt64(replaced.st_ino))
                capacity?.removed(inode: UInt64(replaced.st_ino), size: Int(replaced.st_size))
            }
            nodes.forget(path: new)
            nodes.moved(from: old, to: new)
            replyError(request, 0)
        }
    }

    func statfs(_ request: fuse_req_t?) {
        var info = statvfs()
        guard statvfs(store.liveRoot, &info) == 0 else { return replyError(request, errno) }
        if let capacity { info = capacity.statistics(backing: info) }
        fuse_reply_statfs(request, &info)
    }
}

/// A request pointer carried into a parked operation, answered later from another thread,
/// which libfuse allows once the payload was copied out of its buffer.
struct RequestBox: @unchecked Sendable {
    let request: fuse_req_t?
    init(_ request: fuse_req_t?) { self.request = request }
}

/// fuse_reply_err without its status, for the guard-and-return style of the handlers.
func replyError(_ request: fuse_req_t?, _ code: Int32) {
    _ = fuse_reply_err(request, code)
}
