import Foundation

/// A quiescable volume as `snapwriter volume` keeps it: a directory holding `volume.json`
/// (its size and block size) and the copy-on-write store's files.
public struct VolumeDirectory: Sendable {
    public static let schema = "snapwriter.volume/1"
    public let path: String
    public let sizeBytes: Int
    public let blockSize: Int

    /// Parses `64MiB`, `4GiB`, `512KiB`, `1048576` (bytes).
    public static func parseSize(_ text: String) -> Int? {
        let units: [(String, Int)] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("B", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Int(text.dropLast(suffix.count)), value > 0 else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        guard let bytes = Int(text), bytes > 0 else { return nil }
        return bytes
    }

    /// Makes a new volume in `path`, which must not exist or be empty.
    public static func create(at path: String, sizeBytes: Int, blockSize: Int = 64 * 1024) throws(VolumeError) -> VolumeDirectory {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        guard existing.isEmpty else {
            throw VolumeError(volume: path, message: "the directory is not empty; a volume needs a new or empty directory")
        }
        _ = try CopyOnWriteStore.create(directory: path, blockSize: blockSize)
        let volume = VolumeDirectory(path: path, sizeBytes: sizeBytes, blockSize: blockSize)
        let json = "{\"schema\": \"\(schema)\", \"sizeBytes\": \(sizeBytes), \"blockSize\": \(blockSize)}\n"
        do {
            try json.write(toFile: path + "/volume.json", atomically: true, encoding: .utf8)
        } catch {
            throw VolumeError(volume: path, message: "cannot write volume.json: \(error.localizedDescription)")
        }
        return volume
    }

    /// Opens an existing volume directory.
    public static func open(_ path: String) throws(VolumeError) -> VolumeDirectory {
        guard let data = FileManager.default.contents(atPath: path + "/volume.json"),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["schema"] as? String == schema,
            let size = object["sizeBytes"] as? Int, let blockSize = object["blockSize"] as? Int
        else {
            throw VolumeError(volume: path, message: "not a SnapWriter volume (no valid volume.json); "
                + "make one with 'snapwriter volume create \(path) --size 64MiB'")
        }
        return VolumeDirectory(path: path, sizeBytes: size, blockSize: blockSize)
    }

    public func openStore() throws(VolumeError) -> CopyOnWriteStore {
        try CopyOnWriteStore(directory: path, blockSize: blockSize)
    }

    /// The store as a process that only reads snapshots sees it while the volume's server,
    /// another process, may be writing.
    public func openStoreForReading() throws(VolumeError) -> CopyOnWriteStore {
        try CopyOnWriteStore(directory: path, blockSize: blockSize, followsAnotherWriter: true)
    }
}
