import CFuse
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A guest volume served over a real FUSE mount in the run directory: SQL Server's files
/// are written through the mount with real system calls, the coordinator's hold is the
/// FUSE server's freeze gate, and snapshots are the copy-on-write store's.
///
/// A run is one thread of simulated time. A write it makes while the volume is held would
/// wait for a release that only that same thread can give, so such a write is parked here,
/// in order, and written through the mount on release — the stall a real writer would see.
public final class FuseGuestVolume: Volume, FileVolume {
    public let name: String
    public let directory: String
    public let mountpoint: String
    let server: FuseVolumeServer
    private let loop: Thread
    private var parkedWrites: [(path: String, offset: Int, bytes: [UInt8])] = []
    private var closed = false
    private var failures: [VolumeIOFailure] = []
    /// Every file written through the volume, for the flush to fsync.
    private var writtenPaths = Set<String>()
    public var faults: VolumeFaultInjector { server.faults }

    /// Creates the volume's store in `directory` and mounts it on `directory/mnt`. Its
    /// faults are decided by the FUSE server, so they reach the guest as real errno values
    /// from real system calls.
    public init(name: String, directory: String,
                faults: VolumeFaultInjector = VolumeFaultInjector(sleepsForReal: false)) throws(VolumeError) {
        self.name = name
        self.directory = directory
        let storeDirectory: String
        do {
            mountpoint = try ConfinedPath.make(directory, "mnt")
            storeDirectory = try ConfinedPath.make(directory, "store")
        } catch {
            throw VolumeError(volume: name, message: error.description)
        }
        do {
            try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
        } catch {
            throw VolumeError(volume: name, message: "cannot create \(mountpoint): \(error.localizedDescription)")
        }
        let store = try CopyOnWriteStore.create(directory: storeDirectory)
        let server = try FuseVolumeServer(store: store, mountpoint: mountpoint, faults: faults)
        try server.mount()
        self.server = server
        loop = Thread { server.run() }
        loop.name = "fuse \(name)"
        loop.start()
    }

    deinit { close() }

    /// Unmounts; held writes are answered first. Safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        releaseWrites()
        StaleMounts.unmountServed(mountpoint)
        server.stop()
        // The server's threads use this object until the loop ends: returning earlier would
        // let it go while they still run. On a loaded machine the loop can take seconds.
        for _ in 0..<6000 where !loop.isFinished { Thread.sleep(forTimeInterval: 0.01) }
    }

    // MARK: Volume

    /// Flushes every file written through the mount (fsync, file by file, so an fsync fault
    /// fails that file's flush) and the mount as a whole. The time it reports is the
    /// model's, plus any fsync latency a fault added, so a virtual-clock run stays the same
    /// on every machine.
    public func flush() -> Duration {
        let before = faults.latencySpent(on: .fsync)
        if faults.isActive {
            for path in writtenPaths.sorted() {
                let descriptor = open(mountpoint + "/" + path, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else {
                    recordFailure(path, .write, 0)
                    continue
                }
                if Glibc.fsync(descriptor) != 0 { recordFailure(path, .write, 0) }
                Glibc.close(descriptor)
            }
        }
        let descriptor = open(mountpoint, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            _ = CFuse_syncfs(descriptor)
            Glibc.close(descriptor)
        }
        return .microseconds(200) + (faults.latencySpent(on: .fsync) - before)
    }

    public func holdWrites() { server.hold() }

    public func releaseWrites() {
        server.release()
        let parked = parkedWrites
        parkedWrites.removeAll()
        for write in parked { writeThrough(write.path, write.offset, write.bytes) }
    }

    public var isHoldingWrites: Bool { server.isHolding }

    public func dropHeldWrites() {
        parkedWrites.removeAll()
        server.release()
    }

    public func createSnapshot(id: String) throws(VolumeError) -> VolumeSnapshot {
        guard server.store.snapshots.count < MemoryVolume.maxSnapshots else {
            throw VolumeError(volume: name, message: "already holds \(MemoryVolume.maxSnapshots) shadow copies")
        }
        return FuseVolumeSnapshot(store: server.store, info: try server.snapshot(id: id), volumeName: name)
    }

    public func deleteSnapshot(id: String) { try? server.store.deleteSnapshot(id: id) }

    public var snapshotIds: [String] { server.store.snapshots.map(\.id) }

    // MARK: FileVolume

    public func write(_ path: String, offset: Int, bytes: [UInt8]) {
        if server.isHolding {
            parkedWrites.append((path, offset, bytes))
        } else {
            writeThrough(path, offset, bytes)
        }
    }

    /// Reads with O_DIRECT piece by piece (`VolumeIOPieces`), so every piece reaches the
    /// server (the page cache would answer some) and read faults fire the same way every run.
    public func read(_ path: String) -> [UInt8]? {
        let descriptor = open(mountpoint + "/" + path, O_RDONLY | O_CLOEXEC | CFuse_openDirectFlag())
        guard descriptor >= 0 else {
            if errno != ENOENT { recordFailure(path, .read, 0) }
            return nil
        }
        defer { Glibc.close(descriptor) }
        var bytes: [UInt8] = []
        var piece = [UInt8](repeating: 0, count: VolumeIOPieces.size)
        while true {
            let count = piece.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress!, VolumeIOPieces.size, off_t(bytes.count))
            }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else {
                recordFailure(path, .read, bytes.count)
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: piece[0..<count])
        }
    }

    public func takeIOFailures() -> [VolumeIOFailure] {
        defer { failures.removeAll() }
        return failures
    }

    private func recordFailure(_ path: String, _ direction: VolumeIOFailure.Direction, _ offset: Int) {
        failures.append(VolumeIOFailure(path: path, direction: direction, offset: offset,
                                        error: OperatingSystemError.from(errno: errno)))
    }

    /// Opens, writes and closes: the run is also the mount's server, and a file it kept
    /// open on its own mount would have to be closed as the process dies, after the threads
    /// that could answer that close are gone.
    private func writeThrough(_ path: String, _ offset: Int, _ bytes: [UInt8]) {
        let full = mountpoint + "/" + path
        // O_DIRECT: the kernel then sends each pwrite as one request, where through the page
        // cache it would end a request at every partly written page.
        let flags = O_WRONLY | O_CLOEXEC | CFuse_openDirectFlag()
        var descriptor = open(full, flags)
        if descriptor < 0, errno == ENOENT {
            try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
            descriptor = open(full, flags | O_CREAT, 0o644)
        }
        guard descriptor >= 0 else { return recordFailure(path, .write, offset) }
        writtenPaths.insert(path)
        defer { Glibc.close(descriptor) }
        // One pwrite per I/O piece: each reaches the server as one WRITE request, so a write
        // fault is decided per piece here as on a memory volume.
        for piece in VolumeIOPieces.ranges(offset: offset, count: bytes.count) {
            var done = piece.lowerBound
            while done < piece.upperBound {
                let written = bytes.withUnsafeBytes {
                    pwrite(descriptor, $0.baseAddress! + (done - offset), piece.upperBound - done, off_t(done))
                }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return recordFailure(path, .write, done) }
                done += written
            }
        }
    }
}

/// A snapshot of a FUSE guest volume, read through the copy-on-write store.
final class FuseVolumeSnapshot: VolumeSnapshot {
    let store: CopyOnWriteStore
    let info: CopyOnWriteStore.SnapshotInfo
    let volumeName: String
    var id: String { info.id }

    init(store: CopyOnWriteStore, info: CopyOnWriteStore.SnapshotInfo, volumeName: String) {
        self.store = store
        self.info = info
        self.volumeName = volumeName
    }

    func files() -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for entry in info.manifest.entries where entry.kind == .file {
            files[entry.path] = try? store.read(snapshot: info.id, path: entry.path, offset: 0, count: entry.size)
        }
        return files
    }
}
