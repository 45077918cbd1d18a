/// One database's log backups, arranged for the planner to ask which log RESTORE applies
/// next at a redo point, and where the chain from a log ends. Chains from different fulls
/// merge into the same logs, so each log's way to the end is worked out once and shared.
struct LogChain {
    /// A log applied, with the recovery fork the database is on after it: together they
    /// decide everything that follows.
    struct Link: Hashable {
        let index: Int
        let fork: String?
    }

    /// How many logs a chain holds from a link on, and the last of them.
    struct End {
        let length: Int
        let last: Link
    }

    /// Logs that hold records, by first_lsn; one with first_lsn = last_lsn is never needed.
    private let logs: [BackupSet]
    /// furthestEnd[i] is the greatest last_lsn among logs[0...i], so a search for logs that
    /// cover a point can stop where none before can reach it.
    private let furthestEnd: [LSN]
    /// The chain stops at the first log that reaches it.
    private let target: LSN?
    private var successors: [Link: Link] = [:]
    private var ends: [Link: End] = [:]

    init(logs: [BackupSet], target: LSN?) {
        self.logs = logs.filter { $0.firstLsn < $0.lastLsn }
            .sorted { ($0.firstLsn, $0.backupSetId) < ($1.firstLsn, $1.backupSetId) }
        var furthest = LSN.zero
        furthestEnd = self.logs.map { log in
            furthest = max(furthest, log.lastLsn)
            return furthest
        }
        self.target = target
    }

    func backup(_ link: Link) -> BackupSet { logs[link.index] }

    /// Where the database stands after a link's log.
    func state(after link: Link) -> RestoreState {
        RestoreState(redoPoint: logs[link.index].lastLsn, recoveryFork: link.fork)
    }

    /// The log RESTORE applies next, choosing among those that apply the one reaching
    /// furthest: since any log starting at or before P may follow, that never loses reach
    /// and needs the fewest logs. Nil when none applies or the target is reached.
    func next(after state: RestoreState) -> Link? {
        guard let redoPoint = state.redoPoint, target.map({ redoPoint < $0 }) ?? true else { return nil }
        var low = 0
        var high = logs.count
        while low < high {  // first index whose first_lsn is after P
            let middle = (low + high) / 2
            if logs[middle].firstLsn <= redoPoint { low = middle + 1 } else { high = middle }
        }
        var best: Int?
        var index = low - 1
        while index >= 0, furthestEnd[index] > redoPoint {
            let log = logs[index]
            if log.lastLsn > redoPoint, state.error(restoring: log) == nil,
                best.map({ log.lastLsn >= logs[$0].lastLsn }) ?? true
            {
                best = index
            }
            index -= 1
        }
        return best.map { Link(index: $0, fork: RestoreState.fork(after: logs[$0], from: state.recoveryFork)) }
    }

    /// The end of the chain from a link, remembered for every link on the way.
    mutating func end(from start: Link) -> End {
        var path: [Link] = []
        var link = start
        var known: End?
        while true {
            if let end = ends[link] {
                known = end
                break
            }
            path.append(link)
            guard let next = next(after: state(after: link)) else { break }
            successors[link] = next
            link = next
        }
        var end = known ?? End(length: 0, last: path.last ?? start)
        for link in path.reversed() {
            end = End(length: end.length + 1, last: end.last)
            ends[link] = end
        }
        return end
    }

    /// The logs from a link to the end of its chain, once `end(from:)` has walked it.
    func backups(from start: Link) -> [BackupSet] {
        var backups = [logs[start.index]]
        var link = start
        while let next = successors[link] {
            backups.append(logs[next.index])
            link = next
        }
        return backups
    }

    /// The first log after the redo point on the same fork: what RESTORE would be asked for
    /// next, and refuse with Msg 4305.
    func firstLog(beyond state: RestoreState) -> BackupSet? {
        guard let redoPoint = state.redoPoint else { return nil }
        return logs.first { $0.firstLsn > redoPoint && state.continuesFork($0) }
    }
}
