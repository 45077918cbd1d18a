/// The ids SQL Server gives the table `Orders` of a database: what DBCC CHECKDB names in its
/// messages. They derive from the database guid, so every replica of a database agrees on
/// them and a run prints the same ids every time.
public struct TableIdentity: Equatable, Sendable {
    public let objectId: Int32
    public let partitionId: Int64
    public let allocationUnitId: Int64
    /// m_objId in the table's page headers: the object part of the allocation unit id.
    let allocationUnitObject: UInt32

    /// Partition and allocation unit ids are 2^56 plus a sequence number shifted left by 16.
    private static let idBase: Int64 = 1 << 56

    public init(databaseGuid: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for byte in databaseGuid.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        objectId = Int32(100_000_000 + hash % 2_000_000_000)
        allocationUnitObject = UInt32(50 + (hash >> 32) % 900)
        allocationUnitId = Self.idBase + Int64(allocationUnitObject) << 16
        partitionId = Self.idBase + Int64(50 + (hash >> 16) % 900) << 16
    }
}
