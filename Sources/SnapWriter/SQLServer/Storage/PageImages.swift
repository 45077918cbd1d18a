/// The bytes of a database's pages: as the file is created, and as transactions change rows.
/// Every replica builds the same bytes from the same log records. The system pages carry
/// their header only.
enum PageImages {
    static let rowHeader: [UInt8] = [0x10, 0x00]  // status bits A (has a null bitmap) and B
    /// The fixed-length part of a row: 4 bytes of row header, then id (4), last update LSN
    /// (10), update count (8) and a char(171) filler.
    static let fixedLength = 197
    static let rowIdOffset = 4
    static let rowLsnOffset = 8
    static let rowCountOffset = 18

    /// Every page in use, sealed, as a new database writes them at `lsn`.
    static func initialPages(identity: TableIdentity, lsn: LSN) -> [DataPage] {
        let table = tablePageTemplate(identity: identity, lsn: lsn)
        return (0..<DataFileLayout.pagesInUse).map { number in
            var page: DataPage
            if DataFileLayout.tablePages.contains(number) {
                page = table
                page.store(UInt32(number), at: 32)
                let firstRow = (number - DataFileLayout.tablePages.lowerBound) * DataFileLayout.rowsPerPage
                for row in 0..<DataFileLayout.rowsPerPage {
                    page.store(Int32(firstRow + row + 1), at: rowOffset(row) + rowIdOffset)
                }
            } else {
                page = systemPage(number, identity: identity, lsn: lsn)
            }
            page.seal()
            return page
        }
    }

    static func rowOffset(_ row: Int) -> Int { PageHeader.size + row * DataFileLayout.rowSize }

    /// Updates one row: its last-update LSN and update count, and the page's LSN.
    static func apply(_ change: PageChange, at lsn: LSN, to page: inout DataPage) {
        let row = rowOffset(Int(change.row))
        page.storeLSN(lsn, at: row + rowLsnOffset)
        page.store(page.bytes.loadLE(UInt64.self, at: row + rowCountOffset) &+ 1, at: row + rowCountOffset)
        page.setLSN(lsn)
    }

    /// A data page of the table with every row in place and page number 0; row ids 0.
    private static func tablePageTemplate(identity: TableIdentity, lsn: LSN) -> DataPage {
        var header = PageHeader(type: .data, pageId: PageID(page: 0), lsn: lsn)
        let rows = DataFileLayout.rowsPerPage
        let rowSize = DataFileLayout.rowSize
        header.minimumLength = UInt16(fixedLength)
        header.slotCount = UInt16(rows)
        header.objectId = identity.allocationUnitObject
        header.freeData = UInt16(PageHeader.size + rows * rowSize)
        header.freeCount = UInt16(DataPage.size - PageHeader.size - rows * rowSize - rows * 2)
        var page = DataPage(header: header)
        var row = [UInt8](repeating: 0x20, count: rowSize)
        row.replaceSubrange(0..<2, with: rowHeader)
        row.storeLE(UInt16(fixedLength), at: 2)
        row.storeLSN(lsn, at: rowLsnOffset)
        row.storeLE(UInt64(0), at: rowCountOffset)
        row.storeLE(UInt16(4), at: fixedLength)  // column count
        row[fixedLength + 2] = 0  // null bitmap: no NULLs
        for index in 0..<rows {
            page.store(row, at: rowOffset(index))
            page.store(UInt16(rowOffset(index)), at: DataPage.size - 2 * (index + 1))
        }
        return page
    }

    private static func systemPage(_ number: Int, identity: TableIdentity, lsn: LSN) -> DataPage {
        let type: PageType
        if case .system(let systemType, _) = DataFileLayout(sizeMiB: 1).role(of: number) {
            type = systemType
        } else {
            type = .data
        }
        var header = PageHeader(type: type, pageId: PageID(page: UInt32(number)), lsn: lsn)
        if type == .iam { header.objectId = identity.allocationUnitObject }
        return DataPage(header: header)
    }
}
