import HostBackup
import SnapWriter

/// What requests read: taken from the board, never from the world, so none waits for a
/// change in progress. Each answers with the world as the board last saw it.
extension WorldActor {
    nonisolated func hosts() -> JSONValue {
        let view = board.current
        return .object([("hosts", .array(view.hostNames.compactMap { view.hosts[$0] }))])
    }

    nonisolated func host(_ name: String) -> JSONValue { board.current.hosts[name] ?? .null }

    nonisolated func vms() -> JSONValue {
        let view = board.current
        return .array(view.vmNames.compactMap { view.vms[$0] })
    }

    nonisolated func vm(_ name: String) -> JSONValue? { board.current.vms[name] }

    /// A machine's writers as run/1's writer objects, or as vssadmin prints them.
    nonisolated func writers(of machine: MachineRef, vssadmin: Bool) -> APIResponse {
        let view = board.current
        let statuses = switch machine {
        case .vm(let name): view.vmWriters[name] ?? []
        case .host(let name): view.hostWriters[name] ?? []
        }
        if vssadmin { return .text(ServeDocuments.vssadmin(statuses)) }
        return .json(.object([("writers", .array(statuses.map(\.json)))]))
    }

    /// nil when the VM has no SQL Server.
    nonisolated func backupSets(of vm: String) -> JSONValue? { board.current.backupSets[vm] }

    nonisolated func errorLog(of vm: String) -> JSONValue? { board.current.errorLogs[vm] }

    nonisolated func history() -> JSONValue { board.current.history }

    /// The events after `since`, and the number to ask from next.
    nonisolated func events(since: Int) -> (events: [JSONValue], next: Int) {
        let (events, next) = board.events(since: since)
        return (events.map(RunReport.eventJSON), next)
    }

    /// The whole trace so far, for the live timeline.
    nonisolated func trace() -> [TraceEvent] { board.allEvents }

    nonisolated func metrics() -> String { MetricsText.text(board.current, events: board.allEvents) }

    // MARK: Fault rules: the book changes at once; the world arms it when its next change begins.

    nonisolated func faultList() -> JSONValue { .object([("faults", faults.withLock { $0.json })]) }

    nonisolated func addFault(_ rules: FaultRules) -> String { faults.withLock { $0.add(rules) } }

    /// False when no rule has that id.
    nonisolated func removeFault(_ id: String) -> Bool { faults.withLock { $0.remove(id) } }

    nonisolated func removeAllFaults() { faults.withLock { $0.removeAll() } }
}
