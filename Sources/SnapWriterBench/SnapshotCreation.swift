import Foundation
import SnapWriter
#if canImport(Glibc)
import Glibc
#endif

/// Snapshot creation on a mounted volume: `FuseVolumeServer.snapshot`, which holds the
/// volume, records the manifest (made durable with fsync) and releases.
enum SnapshotCreation {
    static let files = 4

    /// Puts `bytes` of data in `files` files through the mount: written, or (sparse) only
    /// set as their size.
    static func fill(_ volume: InProcessVolume, bytes: Int, sparse: Bool, pattern: IOBuffer) throws(BenchError) {
        let each = bytes / files
        for index in 0..<files {
            let path = volume.root + "/data-\(index).bin"
            if sparse {
                let fd = try FileIO.open(path, O_WRONLY | O_CREAT | O_TRUNC)
                defer { close(fd) }
                guard ftruncate(fd, off_t(each)) == 0 else { throw BenchError.posix("truncate \(path)") }
            } else {
                try FileIO.fill(path, size: each, pattern: pattern)
            }
        }
    }

    /// One snapshot, timed in milliseconds, then deleted again (untimed).
    static func time(_ volume: InProcessVolume, label: String) throws(BenchError) -> Double {
        var info: CopyOnWriteStore.SnapshotInfo?
        let seconds = try Monotonic.time { () throws(BenchError) in info = try volume.snapshot(label) }
        if let info {
            do {
                try volume.store.deleteSnapshot(id: info.id)
            } catch {
                throw BenchError("cannot delete snapshot \(info.id): \(error.message)")
            }
        }
        return seconds * 1000
    }
}

extension BenchSession {
    /// snapshot-create-64MiB and snapshot-create-4GiB, each on a volume of its own holding
    /// that much data in the same number of files, timed alternately.
    func measureSnapshotCreation() throws(BenchError) -> [BenchFigure] {
        let sizes = [("64MiB", options.smallSnapshotBytes), ("4GiB", options.largeSnapshotBytes)]
        var volumes: [InProcessVolume] = []
        defer { volumes.forEach { $0.stop() } }
        for (label, bytes) in sizes {
            progress("snapshot-create-\(label): putting \(bytes >> 20) MiB on a volume of its own")
            let volume = try InProcessVolume(directory: runDirectory + "/snapshot-\(label)",
                                             mountpoint: runDirectory + "/snapshot-\(label)-mnt")
            volumes.append(volume)
            try SnapshotCreation.fill(volume, bytes: bytes, sparse: options.snapshotDataSparse, pattern: pattern)
        }
        pageCache.flush()
        var samples: [[Double]] = [[], []]
        for run in 0..<options.snapshotRuns {
            progress("snapshot-create: round \(run + 1) of \(options.snapshotRuns)")
            for (index, volume) in volumes.enumerated() {
                samples[index].append(try SnapshotCreation.time(volume, label: "create-\(sizes[index].0)"))
            }
        }
        let data = options.snapshotDataSparse ? "sparse files (their size set, no bytes written)" : "written and synced data"
        return sizes.indices.map { index in
            BenchFigure(name: "snapshot-create-\(sizes[index].0)", unit: "ms", volume: Statistics.median(samples[index]) ?? 0,
                        runs: options.snapshotRuns, notes: [
                            "FuseVolumeServer.snapshot on a mounted, idle volume holding \(sizes[index].1 >> 20) MiB of "
                                + "\(data) in \(SnapshotCreation.files) files: hold, manifest written and fsynced, release.",
                            "Each snapshot is deleted again after its timing; the two sizes alternate.",
                        ])
        }
    }
}
