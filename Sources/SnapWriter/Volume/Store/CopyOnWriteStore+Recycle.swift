import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Recycling the blocks files of deleted snapshots, as databases recycle their log files.
///
/// Backups go round: take a snapshot, copy its image out, delete it, take the next. The
/// first copies after a new snapshot would each allocate fresh pages and disk blocks for
/// its area, which is about half the cost of a copy; a blocks file of a snapshot deleted
/// since already has its blocks allocated, and its pages are usually still cached, so the
/// new snapshot's area takes it over (`DIR/recycled/`, renamed into place) and its copies
/// overwrite them instead.
///
/// A recycled file's old bytes are never read: a slot is read only through its index
/// entry, the index file is always new, and an entry is written after its slot's data;
/// bytes past a file's end at the snapshot are written as zeros, not left as they were.
extension CopyOnWriteStore {
    var recycledRoot: String { directory + "/recycled" }

    /// At most this much waits for reuse (the oldest files go first), so the pool never
    /// holds more than a deleted snapshot or two of a busy volume.
    static let recycleLimitBytes = 1 << 30
    static let recycleLimitFiles = 16

    /// After snapshot `removed` was taken out of the list, with its descriptors closed:
    /// moves its blocks files into the pool. Its index files go with its directory.
    func recycleAreas(of removed: SnapshotState) {
        guard !removed.copied.isEmpty else { return }
        mkdir(recycledRoot, 0o755)
        for inode in removed.copied.keys.sorted() {
            rename(removed.directory + "/\(inode).blocks", recycledRoot + "/\(removed.info.sequence)-\(inode)")
        }
        trimRecycled()
    }

    /// Before a snapshot's first copy for a file: puts the most recently recycled blocks
    /// file at `path`, if there is one and nothing is there yet.
    func adoptRecycledArea(at path: String) {
        var status = stat()
        guard stat(path, &status) != 0, let newest = recycledFiles().last else { return }
        rename(recycledRoot + "/" + newest.name, path)
    }

    /// The pool's files, oldest first (by the sequence of the snapshot they came from).
    private func recycledFiles() -> [(name: String, bytes: Int)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: recycledRoot)) ?? []
        return names.compactMap { name -> (sequence: Int, name: String, bytes: Int)? in
            var status = stat()
            guard let sequence = Int(name.prefix(while: { $0 != "-" })), stat(recycledRoot + "/" + name, &status) == 0
            else { return nil }
            return (sequence, name, Int(status.st_size))
        }
        .sorted { ($0.sequence, $0.name) < ($1.sequence, $1.name) }
        .map { ($0.name, $0.bytes) }
    }

    private func trimRecycled() {
        var files = recycledFiles()
        var total = files.reduce(0) { $0 + $1.bytes }
        while let oldest = files.first, total > Self.recycleLimitBytes || files.count > Self.recycleLimitFiles {
            unlink(recycledRoot + "/" + oldest.name)
            total -= oldest.bytes
            files.removeFirst()
        }
    }
}
