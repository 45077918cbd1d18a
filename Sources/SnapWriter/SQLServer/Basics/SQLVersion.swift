/// The SQL Server builds a scenario can name, oldest first.
public enum SQLVersion: String, Sendable, CaseIterable, Comparable {
    case v2012RTM = "2012-RTM"
    case v2012SP1 = "2012-SP1"
    case v2012SP2 = "2012-SP2"
    case v2012SP2CU1 = "2012-SP2-CU1"
    case v2012SP2CU2 = "2012-SP2-CU2"
    case v2012SP3 = "2012-SP3"
    case v2014 = "2014"
    case v2016 = "2016"
    case v2017 = "2017"
    case v2019 = "2019"
    case v2022 = "2022"
    case v2025 = "2025"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public static var allowedList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

public enum SQLEdition: String, Sendable, CaseIterable {
    case enterprise
    case standard
}

public enum RecoveryModel: String, Sendable, CaseIterable {
    case full
    case simple
    case bulkLogged = "bulk-logged"

    /// The spelling of sys.databases.recovery_model_desc and msdb's recovery_model.
    public var sqlName: String {
        switch self {
        case .full: "FULL"
        case .simple: "SIMPLE"
        case .bulkLogged: "BULK_LOGGED"
        }
    }
}

/// A collation is case-sensitive when its name says `_CS_` (or ends in `_CS`) or it is a
/// binary collation (`_BIN`, `_BIN2`).
public struct Collation: Hashable, Sendable {
    public let name: String
    public init(_ name: String) { self.name = name }

    public static let serverDefault = Collation("SQL_Latin1_General_CP1_CI_AS")

    public var isCaseSensitive: Bool {
        let upper = name.uppercased()
        return upper.contains("_CS_") || upper.hasSuffix("_CS") || upper.hasSuffix("_BIN") || upper.hasSuffix("_BIN2")
            || upper.contains("_BIN_") || upper.contains("_BIN2_")
    }
}
