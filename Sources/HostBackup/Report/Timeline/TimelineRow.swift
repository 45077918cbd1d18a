/// One row of a lane: the requester's VSS phases, one writer, the guest's Hyper-V
/// integration, the SQL Server error log and backups.
struct TimelineRow {
    enum Kind: Int, Comparable {
        case run, requestor, hyperV, vss, writer, sqlServer

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    var name: String
    var kind: Kind
    var spans: [TimelineSpan] = []
    var marks: [TimelineMark] = []
}
