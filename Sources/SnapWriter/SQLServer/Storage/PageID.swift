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
