/// One 8 KiB page of a data file: a 96-byte header, then rows, with the slot array at the
/// end. The checksum is sealed in when the page is written and verified when it is read.
public struct DataPage: Equatable, Sendable {
    public static let size = 8192
    /// A page reaches the disk as two 4 KiB halves: the unit a disk writes atomically.
    public static let halfSize = 4096

    public private(set) var bytes: [UInt8]

    /// A page holding only its header.
    public init(header: PageHeader) {
        bytes = [UInt8](repeating: 0, count: Self.size)
        header.encode(into: &bytes)
    }

    /// A page as read from disk; nil when `bytes` is not one page long.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.size else { return nil }
        self.bytes = bytes
    }

    /// The header, or nil when it is no page header at all.
    public var header: PageHeader? { PageHeader(decoding: bytes) }

    public var lsn: LSN { bytes.loadLSN(at: 40) }

    public var storedChecksum: UInt32 { bytes.loadLE(UInt32.self, at: PageChecksum.offset) }

    public var computedChecksum: UInt32 { PageChecksum.compute(bytes) }

    /// Stamps the LSN of the last change to the page.
    public mutating func setLSN(_ lsn: LSN) { bytes.storeLSN(lsn, at: 40) }

    /// Writes a field into the page.
    mutating func store(_ value: UInt16, at offset: Int) { bytes.storeLE(value, at: offset) }

    mutating func store(_ value: UInt32, at offset: Int) { bytes.storeLE(value, at: offset) }

    mutating func store(_ value: UInt64, at offset: Int) { bytes.storeLE(value, at: offset) }

    mutating func store(_ value: Int32, at offset: Int) { bytes.storeLE(value, at: offset) }

    mutating func storeLSN(_ lsn: LSN, at offset: Int) { bytes.storeLSN(lsn, at: offset) }

    mutating func store(_ values: [UInt8], at offset: Int) {
        bytes.replaceSubrange(offset..<(offset + values.count), with: values)
    }

    /// Computes the checksum and stores it in the header, as the buffer manager does just
    /// before it writes the page.
    public mutating func seal() { bytes.storeLE(computedChecksum, at: PageChecksum.offset) }

    /// Checks what a read of page `expected` would check: the checksum, then the page id.
    public func verify(as expected: PageID) -> PageVerification {
        let stored = storedChecksum
        let computed = computedChecksum
        if stored != computed { return .badChecksum(stored: stored, computed: computed) }
        guard let header else { return .badHeader }
        return header.pageId == expected ? .valid : .wrongPageId(found: header.pageId)
    }

    /// The first and second 4 KiB of the page, as they are written.
    public var halves: (first: [UInt8], second: [UInt8]) {
        (Array(bytes[0..<Self.halfSize]), Array(bytes[Self.halfSize..<Self.size]))
    }

    /// What a disk holds when a write of `newer` over `older` stopped halfway: the first
    /// half of the new page and the second half of the old one.
    public static func torn(newer: DataPage, older: DataPage) -> DataPage {
        DataPage(bytes: Array(newer.bytes[0..<halfSize]) + Array(older.bytes[halfSize..<size]))!
    }
}

/// What reading a page found.
public enum PageVerification: Equatable, Sendable {
    case valid
    /// The checksum in the header does not match the page's bytes: a flipped bit, a torn
    /// write, or anything else that changed the page after it was written.
    case badChecksum(stored: UInt32, computed: UInt32)
    /// The checksum matches but the page says it is another page: a misdirected write.
    case wrongPageId(found: PageID)
    /// The checksum matches but the header is not a page header.
    case badHeader

    public var isValid: Bool { self == .valid }
}
