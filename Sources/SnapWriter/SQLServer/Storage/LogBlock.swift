/// One log block as it lies in the log file: the records of one transaction (BEGIN_XACT, the
/// row change, COMMIT_XACT) in 1–3 sectors, stamped with their LSNs. The header sits at the
/// start of the block's first sector:
///
/// | offset | field |
/// |---|---|
/// | 0 | magic `LBLK` |
/// | 4 | sectors |
/// | 8 | first LSN: the block's first record (10 bytes) |
/// | 18 | end LSN: where the next block begins; every record here is before it (10 bytes) |
/// | 28 | offset of the block in the log stream (8 bytes) |
/// | 36 | the page the transaction changed, 0xFFFFFFFF for none |
/// | 40 | the row it changed |
/// | 44 | FNV-1a of bytes 0–43, so a reader can tell a block header from stale bytes |
struct LogBlock: Equatable {
    static let magic: UInt32 = 0x4B4C_424C  // "LBLK"
    static let headerSize = 48
    static let sectorSize = 512

    let firstLsn: LSN
    let endLsn: LSN
    let streamOffset: UInt64
    let sectors: UInt16
    let change: PageChange?

    /// The whole block: the header, then zeros to the end of its last sector.
    func encode() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        encodeHeader(into: &bytes, at: 0)
        return bytes
    }

    var byteCount: Int { Int(sectors) * Self.sectorSize }

    /// The LSN of the block's row change: the record after BEGIN_XACT. nil for a block that
    /// changed no row.
    var changeLsn: LSN? {
        change.map { _ in LSN(vlf: firstLsn.vlf, block: firstLsn.block, slot: firstLsn.slot + 1) }
    }

    /// Writes the header at `offset` of `bytes`, which holds zeros for the rest of the block.
    func encodeHeader(into bytes: inout [UInt8], at offset: Int) {
        bytes.storeLE(Self.magic, at: offset)
        bytes.storeLE(sectors, at: offset + 4)
        bytes.storeLSN(firstLsn, at: offset + 8)
        bytes.storeLSN(endLsn, at: offset + 18)
        bytes.storeLE(streamOffset, at: offset + 28)
        bytes.storeLE(change?.page ?? UInt32.max, at: offset + 36)
        bytes.storeLE(change?.row ?? 0, at: offset + 40)
        bytes.storeLE(Self.check(bytes, at: offset), at: offset + 44)
    }

    /// The block whose header starts at `offset` of `bytes`, or nil when none does.
    init?(decoding bytes: [UInt8], at offset: Int) {
        guard offset + Self.headerSize <= bytes.count, bytes.loadLE(UInt32.self, at: offset) == Self.magic,
            bytes.loadLE(UInt32.self, at: offset + 44) == Self.check(bytes, at: offset)
        else { return nil }
        let page = bytes.loadLE(UInt32.self, at: offset + 36)
        self.init(firstLsn: bytes.loadLSN(at: offset + 8), endLsn: bytes.loadLSN(at: offset + 18),
                  streamOffset: bytes.loadLE(UInt64.self, at: offset + 28),
                  sectors: bytes.loadLE(UInt16.self, at: offset + 4),
                  change: page == UInt32.max ? nil : PageChange(page: page, row: bytes.loadLE(UInt16.self, at: offset + 40)))
    }

    init(firstLsn: LSN, endLsn: LSN, streamOffset: UInt64, sectors: UInt16, change: PageChange?) {
        self.firstLsn = firstLsn
        self.endLsn = endLsn
        self.streamOffset = streamOffset
        self.sectors = sectors
        self.change = change
    }

    private static func check(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var hash: UInt32 = 0x811C_9DC5
            for index in offset..<(offset + 44) {
                hash ^= UInt32(buffer[index])
                hash &*= 0x0100_0193
            }
            return hash
        }
    }
}
