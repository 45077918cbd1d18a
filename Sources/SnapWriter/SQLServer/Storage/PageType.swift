/// m_type in a page header: what the page holds.
public enum PageType: UInt8, Sendable {
    case data = 1
    case index = 2
    case gam = 8
    case sgam = 9
    case iam = 10
    case pfs = 11
    case boot = 13
    case fileHeader = 15
    case differentialChangedMap = 16
    case bulkChangedMap = 17
}

/// A page's address: file id and page number, printed `(1:42)` as SQL Server prints it.
public struct PageID: Hashable, Sendable, CustomStringConvertible {
    public let file: UInt16
    public let page: UInt32

    public init(file: UInt16 = 1, page: UInt32) {
        self.file = file
        self.page = page
    }

    public var description: String { "(\(file):\(page))" }
}
