/// Checks a run makes of its world when it ends, beyond what every report needs: each
/// costs a read of every database's files, so only the soak asks for them.
public struct RunAudit: OptionSet, Sendable {
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Every write SQL Server saw acknowledged is on its volume (volume faults disarmed first,
    /// so the check reads what is there).
    public static let acknowledgedWrites = RunAudit(rawValue: 1)
}
