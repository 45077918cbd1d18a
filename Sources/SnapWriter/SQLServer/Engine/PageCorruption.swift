/// Bytes flipped on a data page on disk, as a failing disk or a stray write leaves them: the
/// page's checksum no longer matches. Only the copy on that volume is damaged; the page in
/// the buffer pool is whole, and the next time the engine writes that page (a checkpoint
/// after the page changed) it overwrites the damage.
public struct PageCorruption: Equatable, Sendable {
    public let page: PageID
    /// The data file as SQL Server names it.
    public let file: String
    /// Where the flipped bytes begin, in bytes from the start of the file.
    public let fileOffset: Int
    public let length: Int
}

extension DatabaseFiles {
    /// How many bytes a corruption flips: one 32-bit word of the row area, which changes the
    /// page checksum whatever the bytes were.
    static let corruptedBytes = 4

    /// Flips (XOR 0xFF) four bytes in the rows of a data page of the table, on the volume.
    /// Refused, with the reason, for a page that is not one of the table's data pages.
    public func corrupt(page number: Int) -> Result<PageCorruption, IntegrityRefusal> {
        let id = PageID(page: UInt32(clamping: number))
        let only = "corruptPage flips bytes of the data pages of table '\(DataFileLayout.tableName)' only: pages "
            + "\(DataFileLayout.tablePages.lowerBound) to \(DataFileLayout.tablePages.upperBound - 1)."
        switch layout.role(of: number) {
        case .table:
            break
        case .system(_, let name):
            return .failure(IntegrityRefusal(text: "Page \(id) is the \(name) of \(windowsDataPath). \(only)"))
        case .unallocated:
            return .failure(IntegrityRefusal(
                text: "Page \(id) of \(windowsDataPath) is allocated to no object: the database uses pages 0 to "
                    + "\(DataFileLayout.pagesInUse - 1) of \(layout.filePages). \(only)"))
        case .beyondEnd:
            return .failure(IntegrityRefusal(
                text: "Page \(id) is beyond the end of \(windowsDataPath), which has \(layout.filePages) pages. \(only)"))
        }
        guard let page = pageOnDisk(number) else {
            return .failure(IntegrityRefusal(text: "\(windowsDataPath) does not reach page \(id)."))
        }
        let offset = number * DataPage.size + Self.corruptionOffset(in: number)
        let flipped = page.bytes[(offset - number * DataPage.size)...].prefix(Self.corruptedBytes).map { $0 ^ 0xFF }
        volume.write(dataPath, offset: offset, bytes: flipped)
        return .success(PageCorruption(page: id, file: windowsDataPath, fileOffset: offset, length: Self.corruptedBytes))
    }

    /// A word-aligned offset among the page's rows, spread by page number.
    static func corruptionOffset(in page: Int) -> Int {
        let rowArea = DataFileLayout.rowsPerPage * DataFileLayout.rowSize
        let words = rowArea / corruptedBytes
        return PageHeader.size + (page &* 2_654_435_761 % words) * corruptedBytes
    }
}
