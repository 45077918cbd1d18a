/// A page of a data file that a read rejects.
public struct DamagedPage: Equatable, Sendable {
    public let page: PageID
    public let role: DataFileLayout.Role
    public let verification: PageVerification
}

extension DatabaseFiles {
    /// Reads every page in use from the data file on the volume and returns the ones a read
    /// would reject, in page order.
    public func damagedPagesOnDisk() -> [DamagedPage] {
        let file = volume.read(dataPath) ?? []
        return (0..<DataFileLayout.pagesInUse).compactMap { number in
            let id = PageID(page: UInt32(number))
            guard let page = Self.page(number, of: file) else {
                return DamagedPage(page: id, role: layout.role(of: number), verification: .badHeader)
            }
            let verification = page.verify(as: id)
            return verification.isValid ? nil : DamagedPage(page: id, role: layout.role(of: number),
                                                             verification: verification)
        }
    }
}
