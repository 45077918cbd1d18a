/// Little-endian fields in byte arrays: SQL Server's on-disk structures are little-endian.
/// One overload per width keeps the hot paths (a log block per transaction, a page per
/// checkpoint) free of generic dispatch.
extension Array where Element == UInt8 {
    func loadLE(_: UInt16.Type, at offset: Int) -> UInt16 {
        withUnsafeBytes { UInt16(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    }

    func loadLE(_: UInt32.Type, at offset: Int) -> UInt32 {
        withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }

    func loadLE(_: UInt64.Type, at offset: Int) -> UInt64 {
        withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }

    mutating func storeLE(_ value: UInt16, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt16.self) }
    }

    mutating func storeLE(_ value: UInt32, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self) }
    }

    mutating func storeLE(_ value: UInt64, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self) }
    }

    mutating func storeLE(_ value: Int32, at offset: Int) { storeLE(UInt32(bitPattern: value), at: offset) }

    /// An LSN as SQL Server stores it: VLF sequence, block offset, slot (10 bytes).
    func loadLSN(at offset: Int) -> LSN {
        LSN(vlf: loadLE(UInt32.self, at: offset), block: loadLE(UInt32.self, at: offset + 4),
            slot: loadLE(UInt16.self, at: offset + 8))
    }

    mutating func storeLSN(_ lsn: LSN, at offset: Int) {
        storeLE(lsn.vlf, at: offset)
        storeLE(lsn.block, at: offset + 4)
        storeLE(lsn.slot, at: offset + 8)
    }
}
