/// Which path each inode the kernel knows stands for, relative to the volume's live root.
/// The kernel's root is inode 1; every other inode is the backing file's own, so the
/// copy-on-write store and the mount agree on a file's identity.
final class FuseNodeTable: Sendable {
    static let rootInode: UInt64 = 1
    private let paths = SleepingMutex<[UInt64: String]>([FuseNodeTable.rootInode: ""])
    let backingRootInode: UInt64

    init(backingRootInode: UInt64) {
        self.backingRootInode = backingRootInode
    }

    func path(of inode: UInt64) -> String? { paths.withLock { $0[inode] } }

    func remember(_ inode: UInt64, at path: String) { paths.withLock { $0[inode] = path } }

    func forget(path: String) {
        paths.withLock { table in
            for (inode, known) in table where known == path && inode != Self.rootInode { table[inode] = nil }
        }
    }

    /// After a rename, the moved entry and everything below it answer to the new path.
    func moved(from old: String, to new: String) {
        paths.withLock { table in
            for (inode, known) in table {
                if known == old {
                    table[inode] = new
                } else if known.hasPrefix(old + "/") {
                    table[inode] = new + known.dropFirst(old.count)
                }
            }
        }
    }

    /// The inode the kernel sees for a backing inode.
    func kernelInode(_ backing: UInt64) -> UInt64 { backing == backingRootInode ? Self.rootInode : backing }

    static func child(_ parent: String, _ name: String) -> String { parent.isEmpty ? name : parent + "/" + name }
}
