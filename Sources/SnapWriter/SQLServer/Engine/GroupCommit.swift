/// A fleet's time model: the workload of each slice is written as one log block per
/// database (group commit, as SQL Server's log writer packs the commits of many
/// transactions into one block), and a stretch where nothing can happen inside it passes
/// in idle slices far longer than the engine's tick. A week of a fleet is otherwise a
/// billion and a half records (fidelity L8).
///
/// A stretch is idle when no native backup is under way (one finishes at its own moment)
/// and no secondary is behind or could fall behind within a slice: replication moves each
/// slice by a rate times the slice's length, so a slice's length is invisible exactly when
/// every queue is empty at its start, every rate keeps up with the workload, and no redo lag
/// holds redo back from the newest block (see `Replication.swift`).
extension SQLEngine {
    /// The longest idle slice: short enough that a block's sectors fit its header's field.
    static let idleSlice: Duration = .seconds(300)

    /// How long the next slice of `advance(by:)` may be.
    func nextSliceLimit() -> Duration {
        groupsCommits && running.isEmpty && replicasKeepUp() ? Self.idleSlice : Self.tick
    }

    /// Whether every secondary of every group has nothing queued and nothing that a longer
    /// slice would hold back.
    private func replicasKeepUp() -> Bool {
        let kilobytesPerSecond = transactionsPerSecond * Double(DatabaseLog.groupedBytesPerTransaction) / 1024
        for group in groups {
            guard let primary = group.primary, let source = instance(named: primary.serverName) else { continue }
            for secondary in group.secondaries {
                guard let target = instance(named: secondary.serverName) else { continue }
                let moving = isLinked(secondary, in: group)
                if moving, secondary.logSendRateKBps < kilobytesPerSecond
                    || secondary.redoRateKBps < kilobytesPerSecond || secondary.redoLag > .zero {
                    return false
                }
                for name in group.databases {
                    guard let primaryCopy = source.database(named: name), let copy = target.database(named: name)
                    else { continue }
                    let progress = copy.progress
                    if progress.redone < progress.hardened { return false }
                    if moving, progress.hardened < primaryCopy.log.bytesWritten { return false }
                }
            }
        }
        return true
    }
}
