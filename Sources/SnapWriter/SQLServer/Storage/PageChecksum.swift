/// SQL Server's page checksum (PAGE_VERIFY CHECKSUM, the default since SQL Server 2005), as
/// published by those who have taken the page format apart: the 8 KiB page is read as 16
/// sectors of 128 little-endian 32-bit words; each sector's words are XORed together, the
/// result rotated left by 15 − sector, and the sixteen results XORed. The checksum field
/// itself (m_tornBits, at offset 60) counts as zero.
///
/// Any change confined to one 32-bit word changes the checksum, and so does any single
/// flipped byte; two changes that cancel in the same bit of the same sector do not, which
/// is how the real checksum behaves too.
public enum PageChecksum {
    /// Where the checksum lives in the page header.
    public static let offset = 60

    public static func compute(_ page: [UInt8]) -> UInt32 {
        precondition(page.count == DataPage.size, "a page is \(DataPage.size) bytes")
        return page.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UInt64.self) { lanes in
                var checksum: UInt32 = 0
                for sector in 0..<16 {
                    // XOR of the sector's 64-bit lanes, folded: the XOR of its 32-bit words.
                    var xor: UInt64 = 0
                    for lane in (sector * 64)..<(sector * 64 + 64) { xor ^= UInt64(littleEndian: lanes[lane]) }
                    var overall = UInt32(truncatingIfNeeded: xor) ^ UInt32(truncatingIfNeeded: xor >> 32)
                    if sector == 0 {
                        // The checksum field, the high half of lane 7, counts as zero.
                        overall ^= UInt32(truncatingIfNeeded: UInt64(littleEndian: lanes[Self.offset / 8]) >> 32)
                    }
                    checksum ^= rotateLeft(overall, by: 15 - sector)
                }
                return checksum
            }
        }
    }

    static func rotateLeft(_ value: UInt32, by count: Int) -> UInt32 {
        count == 0 ? value : (value << UInt32(count)) | (value >> UInt32(32 - count))
    }
}
