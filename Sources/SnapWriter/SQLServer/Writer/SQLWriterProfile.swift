/// What a SQL Server build's writer does when asked for VSS_BT_FULL on an availability
/// group secondary database. The table in one place, as data, with its source.
public struct SQLWriterProfile: Sendable {
    public enum SecondaryFullBehaviour: String, Sendable {
        /// Fail PrepareForSnapshot with VSS_E_WRITERERROR_NONRETRYABLE.
        case fail
        /// Back the secondary database up copy-only instead.
        case downgradeToCopyOnly = "downgrade-to-copy-only"
        /// Leave the secondary database out of the backup.
        case skip
    }

    public let versions: ClosedRange<SQLVersion>
    public let edition: SQLEdition
    public let behaviour: SecondaryFullBehaviour
    /// When set, instances with a case-sensitive collation behave like this instead.
    public let caseSensitiveBehaviour: SecondaryFullBehaviour?
    public let source: String

    /// The article the 2012 rows come from.
    static let vssBackupOfSecondaries =
        "Microsoft SQL Server support blog, \"VSS backup of AlwaysOn Secondaries\""

    public static let table: [SQLWriterProfile] = [
        SQLWriterProfile(versions: .v2012RTM ... .v2012SP1, edition: .enterprise, behaviour: .fail,
                         caseSensitiveBehaviour: nil, source: Self.vssBackupOfSecondaries),
        SQLWriterProfile(versions: .v2012SP2 ... .v2012SP2CU1, edition: .enterprise, behaviour: .downgradeToCopyOnly,
                         caseSensitiveBehaviour: .fail, source: Self.vssBackupOfSecondaries),
        SQLWriterProfile(versions: .v2012SP2CU2 ... .v2012SP3, edition: .enterprise, behaviour: .downgradeToCopyOnly,
                         caseSensitiveBehaviour: nil, source: Self.vssBackupOfSecondaries),
        SQLWriterProfile(versions: .v2014 ... .v2025, edition: .enterprise, behaviour: .downgradeToCopyOnly,
                         caseSensitiveBehaviour: nil, source: "model: builds after 2012 SP2 CU2 keep the fix"),
        SQLWriterProfile(versions: .v2012RTM ... .v2014, edition: .standard, behaviour: .fail,
                         caseSensitiveBehaviour: nil, source: "Basic AGs: builds before the fix fail"),
        SQLWriterProfile(versions: .v2016 ... .v2025, edition: .standard, behaviour: .skip,
                         caseSensitiveBehaviour: nil,
                         source: "2016 SP2 CU2+, 2017 CU9+ skip Basic AG secondaries; model: 2016 and 2017 are such builds"),
    ]

    public static func profile(for version: SQLVersion, edition: SQLEdition) -> SQLWriterProfile {
        table.first { $0.versions.contains(version) && $0.edition == edition }!
    }

    /// The behaviour for VSS_BT_FULL on a secondary database of an instance of this build.
    public static func secondaryFullBehaviour(version: SQLVersion, edition: SQLEdition, collation: Collation)
        -> SecondaryFullBehaviour
    {
        let profile = profile(for: version, edition: edition)
        if collation.isCaseSensitive, let special = profile.caseSensitiveBehaviour { return special }
        return profile.behaviour
    }
}
