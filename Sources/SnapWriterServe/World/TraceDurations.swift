import SnapWriter

/// Durations read back from the trace for `/metrics`: each writer's freeze window (its
/// Freeze to its Thaw) and each machine's write hold (HoldWrites to ReleaseWrites), summed
/// and counted by machine and writer. The trace is the one record every backup leaves,
/// whichever requester ran it.
struct TraceDurations {
    struct Total {
        var seconds: Double = 0
        var count = 0
    }

    /// By (machine, writer).
    private(set) var freezeWindows: [Pair: Total] = [:]
    /// By machine.
    private(set) var holds: [String: Total] = [:]

    struct Pair: Hashable, Comparable {
        let machine: String
        let writer: String
        static func < (lhs: Pair, rhs: Pair) -> Bool { (lhs.machine, lhs.writer) < (rhs.machine, rhs.writer) }
    }

    init(_ events: [TraceEvent]) {
        var frozenAt: [String: Double] = [:]
        var heldAt: [String: Double] = [:]
        for event in events {
            switch event.event {
            case "Freeze": frozenAt[event.scope] = event.tMs
            case "Thaw":
                guard let start = frozenAt.removeValue(forKey: event.scope) else { continue }
                let (machine, writer) = Self.split(event.scope)
                freezeWindows[Pair(machine: machine, writer: writer), default: Total()].add(event.tMs - start)
            case "HoldWrites": heldAt[event.scope] = event.tMs
            case "ReleaseWrites":
                guard let start = heldAt.removeValue(forKey: event.scope) else { continue }
                holds[Self.split(event.scope).machine, default: Total()].add(event.tMs - start)
            default: continue
            }
        }
    }

    /// `HV01/VM1/SqlServerWriter` → (VM1, SqlServerWriter); `HV01/VSS` → (HV01, VSS).
    private static func split(_ scope: String) -> (machine: String, writer: String) {
        let parts = scope.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return (scope, "") }
        return (parts[parts.count - 2], parts[parts.count - 1])
    }
}

extension TraceDurations.Total {
    mutating func add(_ milliseconds: Double) {
        seconds += milliseconds / 1000
        count += 1
    }
}
