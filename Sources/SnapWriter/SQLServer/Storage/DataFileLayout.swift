/// Where a database's pages lie in its data file. Every database uses the same small layout
/// whatever its `sizeMiB`, so the replicas of an availability group database agree on it and
/// runs stay fast:
///
/// - pages 0–15 (the first two extents) are the file's own pages: file header (0), PFS (1),
///   GAM (2), SGAM (3), differential changed map (6), bulk changed map (7), boot page (9), the
///   table's IAM page (10), and pages of the system base tables;
/// - pages 16–63 are the data pages of one heap table, `Orders`, 40 rows of 200 bytes each;
/// - the workload updates rows on the table's last 16 pages (48–63), its hot pages; the
///   other pages are written once, when the file is created;
/// - the rest of the file, up to `sizeMiB`, is allocated to no object: never written, never
///   read.
public struct DataFileLayout: Sendable {
    public static let pagesInUse = 64
    public static let tablePages = 16..<64
    public static let hotPages = 48..<64
    public static let rowsPerPage = 40
    public static let rowSize = 200
    public static let tableName = "Orders"
    static let bootPage = 9
    static let iamPage = 10

    /// Pages in the file: `sizeMiB` at 128 pages a MiB.
    public let filePages: Int

    public init(sizeMiB: Int) {
        filePages = max(sizeMiB, 1) * 128
    }

    /// What a page of the file is.
    public enum Role: Equatable, Sendable {
        /// One of the file's own pages: its type and what SQL Server calls it.
        case system(PageType, String)
        /// A data page of the table.
        case table
        /// Inside the file but allocated to no object.
        case unallocated
        /// Past the end of the file.
        case beyondEnd
    }

    public func role(of page: Int) -> Role {
        if page >= filePages { return .beyondEnd }
        if page >= Self.pagesInUse { return .unallocated }
        if Self.tablePages.contains(page) { return .table }
        switch page {
        case 0: return .system(.fileHeader, "file header page")
        case 1: return .system(.pfs, "PFS page")
        case 2: return .system(.gam, "GAM page")
        case 3: return .system(.sgam, "SGAM page")
        case 6: return .system(.differentialChangedMap, "differential changed map page")
        case 7: return .system(.bulkChangedMap, "bulk changed map page")
        case Self.bootPage: return .system(.boot, "boot page")
        case Self.iamPage: return .system(.iam, "IAM page of table '\(Self.tableName)'")
        default: return .system(.data, "system base table page")
        }
    }

    /// The page a transaction updates, chosen by `draw`: a row on one of the hot pages.
    public static func change(for draw: UInt64) -> PageChange {
        let hot = UInt64(hotPages.count)
        return PageChange(page: UInt32(hotPages.lowerBound) + UInt32(draw % hot),
                          row: UInt16((draw / hot) % UInt64(rowsPerPage)))
    }
}

/// The row one transaction changed: what its log record names, so every replica's redo
/// changes the same bytes.
public struct PageChange: Equatable, Sendable {
    public let page: UInt32
    public let row: UInt16
}
