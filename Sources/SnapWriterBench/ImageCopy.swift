import Foundation
import SnapWriter
#if canImport(Glibc)
import Glibc
#endif

/// Copying a snapshot's file out, as a backup application copies the image: through the
/// copy-on-write store, 1 MiB at a time, into a new file; and the same bytes from a plain
/// file with pread and pwrite.
enum ImageCopy {
    static let chunk = 1 << 20

    static func fromSnapshot(_ store: CopyOnWriteStore, snapshot: String, path: String, size: Int,
                             to destination: String) throws(BenchError) -> Double {
        unlink(destination)
        let start = Monotonic.now()
        let out = try FileIO.open(destination, O_WRONLY | O_CREAT | O_TRUNC)
        defer { close(out) }
        var offset = 0
        while offset < size {
            let bytes = try read(store, snapshot: snapshot, path: path, offset: offset)
            guard !bytes.isEmpty else { break }
            try bytes.withUnsafeBufferPointer { (buffer) throws(BenchError) in
                try FileIO.writeAll(out, buffer.baseAddress!, buffer.count, at: offset, path: destination)
            }
            offset += bytes.count
        }
        return Monotonic.seconds(from: start)
    }

    private static func read(_ store: CopyOnWriteStore, snapshot: String, path: String,
                             offset: Int) throws(BenchError) -> [UInt8] {
        do {
            return try store.read(snapshot: snapshot, path: path, offset: offset, count: chunk)
        } catch {
            throw BenchError("reading snapshot \(snapshot): \(error.message)")
        }
    }

    static func fromFile(_ source: String, to destination: String, buffer: IOBuffer) throws(BenchError) -> Double {
        unlink(destination)
        let start = Monotonic.now()
        let input = try FileIO.open(source, O_RDONLY)
        defer { close(input) }
        let out = try FileIO.open(destination, O_WRONLY | O_CREAT | O_TRUNC)
        defer { close(out) }
        var offset = 0
        while true {
            let count = try FileIO.readUpTo(input, buffer.base, buffer.count, at: offset, path: source)
            if count == 0 { break }
            try FileIO.writeAll(out, buffer.base, count, at: offset, path: destination)
            offset += count
        }
        return Monotonic.seconds(from: start)
    }
}

extension BenchSession {
    /// image-copy: a snapshot of a file of `imageBytes`, a quarter of whose 64 KiB blocks
    /// were overwritten afterwards (so a quarter of the image comes from the diff area),
    /// copied out through the store; natively, a file of the same size copied.
    func measureImageCopy() throws(BenchError) -> [BenchFigure] {
        let size = options.imageBytes
        let blockSize = volume.store.blockSize
        try FileIO.fill(volume.root + "/image.bin", size: size, pattern: pattern)
        try FileIO.fill(native.root + "/image.bin", size: size, pattern: pattern)
        let snapshot = try volume.snapshot("image")
        let fd = try FileIO.open(volume.root + "/image.bin", O_WRONLY)
        for block in stride(from: 0, to: size / blockSize, by: 4) {
            try FileIO.writeAll(fd, pattern.base, blockSize, at: block * blockSize, path: volume.root + "/image.bin")
        }
        close(fd)
        let buffer = IOBuffer(count: ImageCopy.chunk, seed: 3)
        let destination = runDirectory + "/image-copy.out"
        let mebibytes = Double(size) / Double(1 << 20)
        let samples = try interleave("image-copy", runs: options.imageRuns, over: [volume, native]) { target, _ throws(BenchError) in
            pageCache.makeCold()
            let seconds = target.role == .volume
                ? try ImageCopy.fromSnapshot(volume.store, snapshot: snapshot.id, path: "image.bin", size: size, to: destination)
                : try ImageCopy.fromFile(native.root + "/image.bin", to: destination, buffer: buffer)
            return mebibytes / seconds
        }
        unlink(destination)
        return [
            BenchFigure(name: "image-copy", unit: "MiB/s", roles: [.volume, .native], samples: samples, runs: options.imageRuns,
                        notes: [
                            "A file of \(size >> 20) MiB copied into a new file 1 MiB at a time (no fsync): volume, from a "
                                + "snapshot through CopyOnWriteStore.read, with a quarter of its 64 KiB blocks overwritten "
                                + "since (read from the diff area); native, the same size with pread from a plain file.",
                            pageCache.dropsCaches ? "The page cache is dropped before each run." : "Caches are warm.",
                        ]),
        ]
    }
}
