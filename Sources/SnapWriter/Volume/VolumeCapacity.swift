import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The size a volume was created with (`snapwriter volume create --size`), enforced: the
/// live files' sizes add up to at most the limit, a write or truncation that would pass it
/// fails with ENOSPC, and statfs (`df`) reports the limit and what is left of it.
///
/// Usage counts each live file at its size, holes included, as a volume that allocates
/// what a file's end covers would. What snapshots keep (the copied blocks, files unlinked
/// while a snapshot needs them) is not counted: it lives beside the volume, as a diff area
/// on another volume would.
public final class VolumeCapacity: Sendable {
    public let limitBytes: Int

    private struct Usage {
        var usedBytes = 0
        /// Backing inode → its size as counted.
        var sizes: [UInt64: Int] = [:]

        /// The file's counted size; one not counted yet is counted at `size` from now on.
        mutating func count(inode: UInt64, at size: Int) -> Int {
            if let counted = sizes[inode] { return counted }
            sizes[inode] = size
            usedBytes += size
            return size
        }
    }

    private let usage: Mutex<Usage>

    /// Counts the live files under `liveRoot` as they are now.
    public init(limitBytes: Int, liveRoot: String) {
        self.limitBytes = limitBytes
        var counted = Usage()
        if let enumerator = FileManager.default.enumerator(atPath: liveRoot) {
            while let relative = enumerator.nextObject() as? String {
                var status = stat()
                guard lstat(liveRoot + "/" + relative, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
                counted.sizes[UInt64(status.st_ino)] = Int(status.st_size)
                counted.usedBytes += Int(status.st_size)
            }
        }
        usage = Mutex(counted)
    }

    public var usedBytes: Int { usage.withLock { $0.usedBytes } }
    public var availableBytes: Int { max(0, limitBytes - usedBytes) }

    /// Before a write that ends at `end`: true when the file may grow to it (and it is now
    /// counted at that size), false when that would pass the limit.
    public func reserve(inode: UInt64, descriptor: Int32, end: Int) -> Bool {
        let current = knownSize(inode: inode, descriptor: descriptor)
        return usage.withLock { usage in
            let size = usage.count(inode: inode, at: current)
            guard end > size else { return true }
            guard usage.usedBytes + end - size <= limitBytes else { return false }
            usage.usedBytes += end - size
            usage.sizes[inode] = end
            return true
        }
    }

    /// Before a truncation to `size`: false when growing to it would pass the limit.
    public func resize(inode: UInt64, path: String, to size: Int) -> Bool {
        let current = knownSize(inode: inode, path: path)
        return usage.withLock { usage in
            let old = usage.count(inode: inode, at: current)
            guard size <= old || usage.usedBytes + size - old <= limitBytes else { return false }
            usage.usedBytes += size - old
            usage.sizes[inode] = size
            return true
        }
    }

    /// After a write or truncation failed, or wrote less: counts the file at its real size.
    public func settle(inode: UInt64, descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return }
        recount(inode: inode, size: Int(status.st_size))
    }

    /// After a truncation failed: counts the file at its real size.
    public func settle(inode: UInt64, path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        recount(inode: inode, size: Int(status.st_size))
    }

    /// After a live file's name went (unlink, or replaced by a rename): its space is free.
    public func removed(inode: UInt64, size: Int) {
        usage.withLock { usage in
            usage.usedBytes -= usage.sizes.removeValue(forKey: inode) ?? size
        }
    }

    private func recount(inode: UInt64, size: Int) {
        usage.withLock { usage in
            usage.usedBytes += size - usage.count(inode: inode, at: size)
            usage.sizes[inode] = size
        }
    }

    /// The file's size when it has not been counted yet (a file created since the count).
    private func knownSize(inode: UInt64, descriptor: Int32) -> Int {
        if let size = usage.withLock({ $0.sizes[inode] }) { return size }
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    }

    private func knownSize(inode: UInt64, path: String) -> Int {
        if let size = usage.withLock({ $0.sizes[inode] }) { return size }
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    /// The statfs answer: the backing file system's, with the blocks the volume's limit
    /// allows (never more free than the backing disk has).
    func statistics(backing: statvfs) -> statvfs {
        var answer = backing
        let fragment = 4096
        let backingFree = Int(backing.f_bavail) * Int(max(backing.f_frsize, 1))
        answer.f_frsize = UInt(fragment)
        answer.f_bsize = UInt(fragment)
        answer.f_blocks = fsblkcnt_t(limitBytes / fragment)
        let free = fsblkcnt_t(min(availableBytes, backingFree) / fragment)
        answer.f_bfree = free
        answer.f_bavail = free
        return answer
    }
}
