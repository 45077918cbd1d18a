import CFuse
#if canImport(Glibc)
import Glibc
#endif

/// The libfuse low-level operations table. The closures capture nothing (libfuse calls
/// them as C function pointers); each finds its server through the request's user data.
enum FuseOperations {
    static func table() -> fuse_lowlevel_ops {
        var ops = fuse_lowlevel_ops()
        ops.`init` = { _, connection in
            if let connection { CFuse_configureConnection(connection, 1 << 20) }
        }
        ops.lookup = { request, parent, name in fuseServer(request).lookup(request, parent, String(cString: name!)) }
        ops.forget = { request, _, _ in fuse_reply_none(request) }
        ops.getattr = { request, inode, _ in fuseServer(request).getattr(request, inode) }
        ops.setattr = { request, inode, attributes, toSet, info in
            fuseServer(request).setattr(request, inode, attributes!.pointee, toSet, info)
        }
        ops.open = { request, inode, info in fuseServer(request).open(request, inode, info!) }
        ops.create = { request, parent, name, mode, info in
            fuseServer(request).create(request, parent, String(cString: name!), mode, info!)
        }
        ops.read = { request, inode, size, offset, info in fuseServer(request).read(request, inode, size, offset, info!) }
        ops.write = { request, inode, buffer, size, offset, info in
            fuseServer(request).write(request, inode, UnsafeRawBufferPointer(start: buffer, count: size), offset, info!)
        }
        // No flush: the kernel then stops sending FLUSH on close, and a process that dies
        // with files open on a mount it serves itself does not wait for an answer at exit.
        ops.release = { request, _, info in
            close(Int32(truncatingIfNeeded: info!.pointee.fh))
            fuse_reply_err(request, 0)
        }
        ops.fsync = { request, inode, _, info in fuseServer(request).fsync(request, inode, info!) }
        ops.opendir = { request, inode, info in fuseServer(request).opendir(request, inode, info!) }
        ops.readdir = { request, inode, size, offset, _ in fuseServer(request).readdir(request, inode, size, offset) }
        ops.releasedir = { request, _, _ in fuse_reply_err(request, 0) }
        ops.mkdir = { request, parent, name, mode in fuseServer(request).mkdir(request, parent, String(cString: name!), mode) }
        ops.unlink = { request, parent, name in fuseServer(request).remove(request, parent, String(cString: name!), directory: false) }
        ops.rmdir = { request, parent, name in fuseServer(request).remove(request, parent, String(cString: name!), directory: true) }
        ops.rename = { request, parent, name, newParent, newName, flags in
            fuseServer(request).rename(request, parent, String(cString: name!), newParent, String(cString: newName!), flags)
        }
        ops.statfs = { request, _ in fuseServer(request).statfs(request) }
        return ops
    }
}

/// The server a request belongs to, from the session's user data. A free function, so the
/// operation closures capture nothing.
private func fuseServer(_ request: fuse_req_t?) -> FuseVolumeServer {
    Unmanaged<FuseVolumeServer>.fromOpaque(fuse_req_userdata(request)!).takeUnretainedValue()
}
