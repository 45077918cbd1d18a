/// A volume held in memory. Files are byte arrays, so a snapshot shares every file's
/// storage with the live volume until the live copy is written (Swift's copy-on-write),
/// which keeps snapshots as cheap as the provider's.
public final class MemoryVolume: Volume, FileVolume {
    public let name: String
    private var contents: [String: [UInt8]] = [:]
    private var parkedWrites: [(path: String, offset: Int, bytes: [UInt8])] = []
    private var snapshots: [String: MemorySnapshot] = [:]
    public private(set) var isHoldingWrites = false
    public let faults: VolumeFaultInjector
    private var failures: [VolumeIOFailure] = []
    /// The most snapshots Windows keeps per volume (VSS_E_MAX_SNAPSHOTS_REACHED past it).
    public static let maxSnapshots = 64

    public init(name: String, faults: VolumeFaultInjector = VolumeFaultInjector(sleepsForReal: false)) {
        self.name = name
        self.faults = faults
    }

    /// Every file is flushed: an fsync fault fails that file's flush (a failed write, to the
    /// engine) and its latency adds to the flush's time.
    public func flush() -> Duration {
        let before = faults.latencySpent(on: .fsync)
        for path in contents.keys.sorted() {
            if let error = faults.decide(.open, path: path)?.error ?? faults.decide(.fsync, path: path)?.error {
                failures.append(VolumeIOFailure(path: path, direction: .write, offset: 0, error: error))
            }
        }
        return .microseconds(200) + (faults.latencySpent(on: .fsync) - before)
    }

    public func holdWrites() { isHoldingWrites = true }

    public func releaseWrites() {
        isHoldingWrites = false
        let parked = parkedWrites
        parkedWrites.removeAll()
        for write in parked { apply(write.path, write.offset, write.bytes) }
    }

    /// Writes `bytes` at `offset` of the file at `path`, creating or growing it. While
    /// writes are held the write is parked and applied, in order, on release.
    public func write(_ path: String, offset: Int, bytes: [UInt8]) {
        if isHoldingWrites {
            parkedWrites.append((path, offset, bytes))
        } else {
            apply(path, offset, bytes)
        }
    }

    /// A read opens the file and reads it piece by piece (`VolumeIOPieces`), as a FUSE guest
    /// volume does, so the same read faults fire on both.
    public func read(_ path: String) -> [UInt8]? {
        guard let file = contents[path] else { return nil }
        if let error = faults.decide(.open, path: path)?.error {
            failures.append(VolumeIOFailure(path: path, direction: .read, offset: 0, error: error))
            return nil
        }
        for piece in VolumeIOPieces.ranges(offset: 0, count: file.count) {
            if let error = faults.decide(.read, path: path)?.error {
                failures.append(VolumeIOFailure(path: path, direction: .read, offset: piece.lowerBound, error: error))
                return nil
            }
        }
        return file
    }

    public func takeIOFailures() -> [VolumeIOFailure] {
        defer { failures.removeAll() }
        return failures
    }

    public var parkedWriteCount: Int { parkedWrites.count }

    public func dropHeldWrites() {
        parkedWrites.removeAll()
        isHoldingWrites = false
    }

    /// Changes the stored file in place: only a file a snapshot still shares is copied, once.
    private func apply(_ path: String, _ offset: Int, _ bytes: [UInt8]) {
        // Opened (or created), then written piece by piece: the requests a FUSE guest
        // volume's write makes. A piece that fails ends the write there, as a short write.
        if let error = faults.decide(contents[path] == nil ? .create : .open, path: path)?.error {
            failures.append(VolumeIOFailure(path: path, direction: .write, offset: offset, error: error))
            return
        }
        if faults.isActive {
            for piece in VolumeIOPieces.ranges(offset: offset, count: bytes.count) {
                if let error = faults.decide(.write, path: path)?.error {
                    failures.append(VolumeIOFailure(path: path, direction: .write, offset: piece.lowerBound, error: error))
                    if piece.lowerBound > offset { store(path, offset, Array(bytes[0..<(piece.lowerBound - offset)])) }
                    return
                }
            }
        }
        store(path, offset, bytes)
    }

    private func store(_ path: String, _ offset: Int, _ bytes: [UInt8]) {
        let end = offset + bytes.count
        let length = contents[path]?.count ?? 0
        if offset == length {
            contents[path, default: []].append(contentsOf: bytes)
            return
        }
        if length < end {
            contents[path, default: []].append(contentsOf: [UInt8](repeating: 0, count: end - length))
        }
        contents[path, default: []].replaceSubrange(offset..<end, with: bytes)
    }

    public func createSnapshot(id: String) throws(VolumeError) -> VolumeSnapshot {
        guard snapshots.count < Self.maxSnapshots else {
            throw VolumeError(volume: name, message: "already holds \(Self.maxSnapshots) shadow copies")
        }
        let snapshot = MemorySnapshot(id: id, volumeName: name, contents: contents)
        snapshots[id] = snapshot
        return snapshot
    }

    public func deleteSnapshot(id: String) { snapshots[id] = nil }

    public var snapshotIds: [String] { snapshots.keys.sorted() }
}

final class MemorySnapshot: VolumeSnapshot {
    let id: String
    let volumeName: String
    private let contents: [String: [UInt8]]

    init(id: String, volumeName: String, contents: [String: [UInt8]]) {
        self.id = id
        self.volumeName = volumeName
        self.contents = contents
    }

    func files() -> [String: [UInt8]] { contents }
}
