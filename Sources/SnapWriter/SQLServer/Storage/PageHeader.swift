/// The 96-byte header of every page, at the offsets SQL Server uses (the fields the model
/// needs; the rest stay zero).
///
/// | offset | field | |
/// |---|---|---|
/// | 0 | m_headerVersion | always 1 |
/// | 1 | m_type | `PageType` |
/// | 3 | m_level | 0: leaf and heap pages |
/// | 4 | m_flagBits | 0x0200: the page carries a checksum |
/// | 6 | m_indexId | 0: a heap |
/// | 8 | m_prevPage | page (4) and file (2) |
/// | 14 | pminlen | fixed-length part of a row |
/// | 16 | m_nextPage | page (4) and file (2) |
/// | 22 | m_slotCnt | rows on the page |
/// | 24 | m_objId | the allocation unit's object part |
/// | 28 | m_freeCnt | free bytes |
/// | 30 | m_freeData | where free space begins |
/// | 32 | m_pageId | page (4) and file (2) |
/// | 40 | m_lsn | the LSN of the last change (10 bytes) |
/// | 60 | m_tornBits | the checksum (`PageChecksum`) |
public struct PageHeader: Equatable, Sendable {
    public static let size = 96
    public static let checksumFlag: UInt16 = 0x0200

    public var type: PageType
    public var pageId: PageID
    public var lsn: LSN
    public var checksum: UInt32 = 0
    public var flagBits: UInt16 = checksumFlag
    public var level: UInt8 = 0
    public var indexId: UInt16 = 0
    public var previousPage: PageID?
    public var nextPage: PageID?
    public var minimumLength: UInt16 = 0
    public var slotCount: UInt16 = 0
    public var objectId: UInt32 = 0
    public var freeCount: UInt16 = 0
    public var freeData: UInt16 = UInt16(size)

    public init(type: PageType, pageId: PageID, lsn: LSN) {
        self.type = type
        self.pageId = pageId
        self.lsn = lsn
    }

    /// Reads a header; nil when its version or type is not one SQL Server writes.
    public init?(decoding bytes: [UInt8]) {
        guard bytes.count >= Self.size, bytes[0] == 1, let type = PageType(rawValue: bytes[1]) else { return nil }
        self.init(type: type, pageId: Self.loadPageID(bytes, at: 32), lsn: bytes.loadLSN(at: 40))
        level = bytes[3]
        flagBits = bytes.loadLE(UInt16.self, at: 4)
        indexId = bytes.loadLE(UInt16.self, at: 6)
        previousPage = Self.loadLink(bytes, at: 8)
        minimumLength = bytes.loadLE(UInt16.self, at: 14)
        nextPage = Self.loadLink(bytes, at: 16)
        slotCount = bytes.loadLE(UInt16.self, at: 22)
        objectId = bytes.loadLE(UInt32.self, at: 24)
        freeCount = bytes.loadLE(UInt16.self, at: 28)
        freeData = bytes.loadLE(UInt16.self, at: 30)
        checksum = bytes.loadLE(UInt32.self, at: PageChecksum.offset)
    }

    /// Writes the header over the first 96 bytes of `bytes`.
    public func encode(into bytes: inout [UInt8]) {
        for index in 0..<Self.size { bytes[index] = 0 }
        bytes[0] = 1
        bytes[1] = type.rawValue
        bytes[3] = level
        bytes.storeLE(flagBits, at: 4)
        bytes.storeLE(indexId, at: 6)
        Self.storePageID(previousPage ?? PageID(file: 0, page: 0), in: &bytes, at: 8)
        bytes.storeLE(minimumLength, at: 14)
        Self.storePageID(nextPage ?? PageID(file: 0, page: 0), in: &bytes, at: 16)
        bytes.storeLE(slotCount, at: 22)
        bytes.storeLE(objectId, at: 24)
        bytes.storeLE(freeCount, at: 28)
        bytes.storeLE(freeData, at: 30)
        Self.storePageID(pageId, in: &bytes, at: 32)
        bytes.storeLSN(lsn, at: 40)
        bytes.storeLE(checksum, at: PageChecksum.offset)
    }

    private static func loadPageID(_ bytes: [UInt8], at offset: Int) -> PageID {
        PageID(file: bytes.loadLE(UInt16.self, at: offset + 4), page: bytes.loadLE(UInt32.self, at: offset))
    }

    private static func loadLink(_ bytes: [UInt8], at offset: Int) -> PageID? {
        let id = loadPageID(bytes, at: offset)
        return id.file == 0 && id.page == 0 ? nil : id
    }

    private static func storePageID(_ id: PageID, in bytes: inout [UInt8], at offset: Int) {
        bytes.storeLE(id.page, at: offset)
        bytes.storeLE(id.file, at: offset + 4)
    }
}
