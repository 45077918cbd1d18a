/// A database copy's log file (`Data/<db>_log.ldf`) on its volume: an 8 KiB file header,
/// then the log stream wrapped around a ring of `capacity` bytes. A block is written when
/// its transaction commits (on a secondary, when the block is hardened), before any data
/// page that carries one of its LSNs: write-ahead logging.
///
/// The file header holds a magic, the ring's capacity and the LSN the database was created
/// at, which counts as logged: the pages of a new database carry it.
final class TransactionLogFile {
    static let headerSize = 8192
    /// 8 MiB, SQL Server's default log size: about 160 s of the default workload.
    static let capacity = 8 << 20
    static let magic: UInt32 = 0x464C_4453  // "SDLF"

    let volume: any FileVolume
    let path: String
    /// The end LSN of the newest block written: no page may carry a later LSN.
    private(set) var flushedEnd: LSN

    init(volume: any FileVolume, path: String, creationLsn: LSN) {
        self.volume = volume
        self.path = path
        flushedEnd = creationLsn
        var header = [UInt8](repeating: 0, count: Self.headerSize)
        header.storeLE(Self.magic, at: 0)
        header.storeLE(UInt32(Self.capacity), at: 4)
        header.storeLSN(creationLsn, at: 8)
        volume.write(path, offset: 0, bytes: header)
    }

    /// Writes blocks that follow one another in the log stream (a log flush), each at its
    /// place in the ring, in as few writes as the wrap allows.
    func append(_ blocks: [LogBlock]) {
        guard let first = blocks.first, let last = blocks.last else { return }
        var bytes = [UInt8](repeating: 0, count: Int(last.streamOffset - first.streamOffset) + last.byteCount)
        for block in blocks { block.encodeHeader(into: &bytes, at: Int(block.streamOffset - first.streamOffset)) }
        var written = 0
        while written < bytes.count {
            let position = Int((first.streamOffset + UInt64(written)) % UInt64(Self.capacity))
            let length = min(bytes.count - written, Self.capacity - position)
            volume.write(path, offset: Self.headerSize + position, bytes: Array(bytes[written..<(written + length)]))
            written += length
        }
        flushedEnd = max(flushedEnd, last.endLsn)
    }

    /// Writes only the first sector of each block, the one holding its header: the rest of
    /// a grouped block is zeros standing for records the model does not spell out.
    func appendHeaders(_ blocks: [LogBlock]) {
        guard let last = blocks.last else { return }
        for block in blocks {
            var sector = [UInt8](repeating: 0, count: LogBlock.sectorSize)
            block.encodeHeader(into: &sector, at: 0)
            let position = Int(block.streamOffset % UInt64(Self.capacity))
            volume.write(path, offset: Self.headerSize + position, bytes: sector)
        }
        flushedEnd = max(flushedEnd, last.endLsn)
    }

    /// The newest LSN a log file's bytes hold: the latest end LSN of a block whose header
    /// reads back whole, or the creation LSN. nil when the bytes are no log file.
    static func newestLsn(in file: [UInt8]) -> LSN? {
        guard let creation = creationLsn(in: file) else { return nil }
        return blocks(in: file).reduce(creation) { max($0, $1.endLsn) }
    }

    /// The LSN the database was created at, from the file header; nil when the bytes are no
    /// log file.
    static func creationLsn(in file: [UInt8]) -> LSN? {
        guard file.count >= headerSize, file.loadLE(UInt32.self, at: 0) == magic else { return nil }
        return file.loadLSN(at: 8)
    }

    /// Every block whose header reads back whole, in ring order (not log order once the ring
    /// has wrapped). Block headers start on sector boundaries.
    static func blocks(in file: [UInt8]) -> [LogBlock] {
        var blocks: [LogBlock] = []
        var offset = headerSize
        while offset + LogBlock.headerSize <= file.count {
            if let block = LogBlock(decoding: file, at: offset) { blocks.append(block) }
            offset += LogBlock.sectorSize
        }
        return blocks
    }
}
