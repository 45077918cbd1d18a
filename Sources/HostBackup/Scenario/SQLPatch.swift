import SnapWriter

/// A `patchSql` step: one SQL Server build installed in place on one VM, optionally with a
/// new server collation. SQL Server and its VSS writer restart, and answer by the new build
/// from then on.
public struct SQLPatch: Sendable, Equatable {
    public var vm: String
    public var version: SQLVersion
    /// Nil keeps the instance's collation.
    public var collation: Collation?

    public init(vm: String, version: SQLVersion, collation: Collation? = nil) {
        self.vm = vm
        self.version = version
        self.collation = collation
    }

    /// `2012-SP2-CU2`, or `2012-SP2-CU2 (Latin1_General_CS_AS)` when the collation changes.
    public var label: String {
        collation.map { "\(version.rawValue) (\($0.name))" } ?? version.rawValue
    }
}
