import Foundation
import SnapWriter

/// A scratch directory for tests that drive `snapwriter volume`: room for a volume, a
/// mount point and a mount point for an exposed snapshot. When it goes, every mount under
/// it is aborted and undone (so a dead server's mount goes too, and no process stays hung
/// on one) and the directory is removed.
final class VolumeScratch {
    let root: String
    var volume: String { root + "/vol" }
    var mountpoint: String { root + "/mnt" }
    var exposed: String { root + "/snap" }

    init(_ prefix: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        for directory in [mountpoint, exposed] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
    }

    deinit {
        for point in StaleMounts.snapwriterMounts(under: root) { StaleMounts.release(point) }
        try? FileManager.default.removeItem(atPath: root)
    }
}
