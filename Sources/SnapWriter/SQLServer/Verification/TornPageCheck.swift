/// Tells a torn page from a damaged one, for a page that fails its checksum. A page reaches
/// the disk as two 4 KiB writes, first half first, so a torn page is the first half of a
/// newer write over the second half of an older one. The first half holds the header, whose
/// page LSN names the page's newest change; every row of the table carries the LSN of its
/// own last change. The halves differ in age when
///
/// - no row carries the header's LSN: the row that change wrote is in the older half; or
/// - the image's log holds a change to a row in the second half, no newer than the header's
///   LSN, that the row does not carry.
///
/// Anything else that fails the checksum (a flipped word, say) is damage. Damage that lands
/// on a row's LSN so as to make it older than its logged change reads as torn; CHECKSUM
/// alone cannot tell them apart either.
struct TornPageCheck {
    /// The row changes the image's log holds for one page, by row.
    let loggedChanges: [UInt16: [LSN]]

    init(page: UInt32, blocks: [LogBlock]) {
        var changes: [UInt16: [LSN]] = [:]
        for block in blocks {
            guard let change = block.change, change.page == page, let lsn = block.changeLsn else { continue }
            changes[change.row, default: []].append(lsn)
        }
        loggedChanges = changes
    }

    /// Whether `page`, which failed its checksum, is torn; with what shows it.
    func tornEvidence(_ page: DataPage) -> String? {
        guard let header = page.header else { return nil }
        let rows = page.rows
        guard let newestRow = rows.map(\.lsn).max() else { return nil }
        if header.lsn > newestRow {
            return "the header (first 4 KiB) carries LSN \(header.lsn.hex) but no row does: the newest row "
                + "change is \(newestRow.hex)"
        }
        for row in rows where row.offset >= DataPage.halfSize {
            let missed = (loggedChanges[UInt16(row.slot)] ?? []).filter { $0 > row.lsn && $0 <= header.lsn }
            if let change = missed.max() {
                return "the header (first 4 KiB) carries LSN \(header.lsn.hex) but row \(row.slot), in the second "
                    + "4 KiB, misses its logged change \(change.hex) (it carries \(row.lsn.hex))"
            }
        }
        return nil
    }
}

extension DataPage {
    /// A row on the page: its slot, where it starts, and the LSN of its last change.
    struct Row {
        let slot: Int
        let offset: Int
        let lsn: LSN
    }

    /// The rows the slot array points at, skipping entries that point outside the page.
    var rows: [Row] {
        guard let header else { return [] }
        let count = Int(header.slotCount)
        let slotArray = Self.size - 2 * count
        return (0..<count).compactMap { slot in
            let offset = Int(bytes.loadLE(UInt16.self, at: Self.size - 2 * (slot + 1)))
            guard offset >= PageHeader.size, offset + PageImages.rowLsnOffset + 10 <= slotArray else { return nil }
            return Row(slot: slot, offset: offset, lsn: bytes.loadLSN(at: offset + PageImages.rowLsnOffset))
        }
    }
}
