import Testing
@testable import SnapWriter

/// The 8 KiB page: its header, SQL Server's page checksum, and torn writes.
@Suite struct PageFormatTests {
    static let lsn = LSN(vlf: 40, block: 144, slot: 1)

    /// A sealed data page with some rows' worth of varied bytes.
    static func samplePage(number: UInt32 = 42, lsn: LSN = lsn, seed: UInt64 = 7) -> DataPage {
        var header = PageHeader(type: .data, pageId: PageID(page: number), lsn: lsn)
        header.slotCount = 40
        header.objectId = 67
        var page = DataPage(header: header)
        var random = SeededRandom(seed: seed)
        for offset in stride(from: PageHeader.size, to: DataPage.size, by: 8) {
            page.store(random.next(), at: offset)
        }
        page.seal()
        return page
    }

    @Test func theHeaderReadsBackAsWritten() throws {
        var header = PageHeader(type: .iam, pageId: PageID(file: 1, page: 10), lsn: Self.lsn)
        header.previousPage = PageID(page: 9)
        header.nextPage = PageID(page: 11)
        header.slotCount = 2
        header.objectId = 123
        header.minimumLength = 90
        header.freeCount = 7
        header.freeData = 8000
        header.indexId = 1
        let page = DataPage(header: header)
        #expect(page.header == header)
        #expect(page.bytes[0] == 1 && page.bytes[1] == PageType.iam.rawValue)
        #expect(page.bytes[32] == 10 && page.bytes[36] == 1, "m_pageId at offset 32: page, then file")
        #expect(page.bytes[40] == 40 && page.bytes[44] == 144 && page.bytes[48] == 1, "m_lsn at offset 40")
        #expect(page.lsn == Self.lsn)
        #expect(DataPage(bytes: [UInt8](repeating: 0, count: 100)) == nil)
        #expect(PageHeader(decoding: [UInt8](repeating: 0, count: DataPage.size)) == nil, "version 0 is no header")
    }

    /// Each sector's words are XORed, rotated left by 15 − sector, and XORed together; the
    /// checksum field counts as zero.
    @Test func theChecksumIsSQLServersSectorRotatedXor() {
        var bytes = [UInt8](repeating: 0, count: DataPage.size)
        #expect(PageChecksum.compute(bytes) == 0)
        bytes[0] = 1
        #expect(PageChecksum.compute(bytes) == 1 << 15, "sector 0 rotates by 15")
        bytes[0] = 0
        bytes[15 * 512 + 4] = 0x80
        #expect(PageChecksum.compute(bytes) == 0x80, "sector 15 is not rotated")
        bytes[15 * 512 + 4] = 0
        bytes[512 + 3] = 0x80  // the top bit of a word in sector 1, rotated by 14
        #expect(PageChecksum.compute(bytes) == 1 << 13)
        bytes[512 + 3] = 0
        bytes[PageChecksum.offset] = 0xAB
        #expect(PageChecksum.compute(bytes) == 0, "the stored checksum is not part of the sum")
    }

    @Test func aSealedPageVerifies() {
        let page = Self.samplePage()
        #expect(page.verify(as: PageID(page: 42)) == .valid)
        #expect(page.storedChecksum == page.computedChecksum)
    }

    @Test func theChecksumCatchesAnyFlippedByte() {
        let page = Self.samplePage()
        var missed: [Int] = []
        for offset in 0..<DataPage.size {
            for mask: UInt8 in [0xFF, 0x01, 0x80] {
                var bytes = page.bytes
                bytes[offset] ^= mask
                if DataPage(bytes: bytes)!.verify(as: PageID(page: 42)).isValid { missed.append(offset) }
            }
        }
        #expect(missed.isEmpty)
    }

    @Test func aBadChecksumReportsBothValues() {
        var bytes = Self.samplePage().bytes
        bytes[5000] ^= 0xFF
        let page = DataPage(bytes: bytes)!
        #expect(page.verify(as: PageID(page: 42))
            == .badChecksum(stored: page.storedChecksum, computed: page.computedChecksum))
    }

    @Test func aPageWrittenWhereAnotherBelongsIsCaughtByItsId() {
        #expect(Self.samplePage(number: 43).verify(as: PageID(page: 42)) == .wrongPageId(found: PageID(page: 43)))
    }

    @Test func aPageIsWrittenAsTwoHalves() {
        let page = Self.samplePage()
        let (first, second) = page.halves
        #expect(first.count == DataPage.halfSize && second.count == DataPage.halfSize)
        #expect(first + second == page.bytes)
    }

    /// A write that stopped after its first 4 KiB leaves the new first half over the old
    /// second half: the checksum no longer matches either version.
    @Test func aTornPageFailsItsChecksum() {
        let older = Self.samplePage(lsn: Self.lsn, seed: 7)
        let newer = Self.samplePage(lsn: LSN(vlf: 40, block: 200, slot: 2), seed: 9)
        let torn = DataPage.torn(newer: newer, older: older)
        #expect(torn.bytes[..<DataPage.halfSize] == newer.bytes[..<DataPage.halfSize])
        #expect(torn.bytes[DataPage.halfSize...] == older.bytes[DataPage.halfSize...])
        #expect(torn.lsn == newer.lsn, "the header, in the first half, claims the new version")
        guard case .badChecksum = torn.verify(as: PageID(page: 42)) else {
            Issue.record("a torn page must fail its checksum")
            return
        }
        #expect(DataPage.torn(newer: older, older: newer).verify(as: PageID(page: 42)) != .valid)
    }
}
