import Foundation
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

        /// The file's counted size; one not counted yet (created since the count) is
        /// measured now and counted from then on.
        mutating func count(inode: UInt64, measuring size: () -> Int?) -> Int {
            if let counted = sizes[inode] { return counted }
            let measured = size() ?? 0
            sizes[inode] = measured
            usedBytes += measured
            return measured
        }

        /// Counts the file at `size`, unless growing to it would pass `limit`.
        mutating func resize(inode: UInt64, to size: Int, limit: Int, measuring current: () -> Int?) -> Bool {
            let old = count(inode: inode, measuring: current)
            guard size <= old || usedBytes + size - old <= limit else { return false }
            usedBytes += size - old
            sizes[inode] = size
            return true
        }
    }

    private let usage: SleepingMutex<Usage>

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
        usage = SleepingMutex(counted)
    }

    public var usedBytes: Int { usage.withLock { $0.usedBytes } }
    public var availableBytes: Int { max(0, limitBytes - usedBytes) }

    /// Before a write that ends at `end`: true when the file may grow to it (and it is now
    /// counted at that size), false when that would pass the limit.
    public func reserve(inode: UInt64, descriptor: Int32, end: Int) -> Bool {
        usage.withLock { usage in
            let size = usage.count(inode: inode, measuring: { Self.size(ofDescriptor: descriptor) })
            return end <= size || usage.resize(inode: inode, to: end, limit: limitBytes, measuring: { size })
        }
    }

    /// Before a truncation to `size`: false when growing to it would pass the limit.
    public func resize(inode: UInt64, path: String, to size: Int) -> Bool {
        usage.withLock { usage in
            usage.resize(inode: inode, to: size, limit: limitBytes, measuring: { Self.size(atPath: path) })
        }
    }

    /// After a write or truncation failed, or wrote less: counts the file at its real size.
    public func settle(inode: UInt64, descriptor: Int32) {
        Self.size(ofDescriptor: descriptor).map { recount(inode: inode, size: $0) }
    }

    /// After a truncation failed: counts the file at its real size.
    public func settle(inode: UInt64, path: String) {
        Self.size(atPath: path).map { recount(inode: inode, size: $0) }
    }

    /// After a live file's name went (unlink, or replaced by a rename): its space is free.
    public func removed(inode: UInt64, size: Int) {
        usage.withLock { usage in
            usage.usedBytes -= usage.sizes.removeValue(forKey: inode) ?? size
        }
    }

    private func recount(inode: UInt64, size: Int) {
        usage.withLock { usage in
            _ = usage.resize(inode: inode, to: size, limit: Int.max, measuring: { size })
        }
    }

    private static func size(ofDescriptor descriptor: Int32) -> Int? {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : nil
    }

    private static func size(atPath path: String) -> Int? {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : nil
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
