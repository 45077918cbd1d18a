/// One change of a writer's state, with what caused it: the writer's answer to an event,
/// a failure during it, the requester's Abort, a new backup session asking it again, or its
/// service restarting.
public struct WriterTransition: Sendable, Equatable {
    public enum Cause: Sendable, Equatable {
        case succeeded(WriterEvent)
        /// `sticks`: the failure outlives its session (the writer stopped answering, or a dead
        /// requester abandoned the session), so only a service restart clears it.
        case failed(WriterEvent, sticks: Bool = false)
        case aborted
        /// A new backup session asks a writer again whose last session ended in a veto.
        case clearedForNewBackup
        case serviceRestarted
    }

    public let writer: String
    public let from: WriterState
    public let to: WriterState
    public let cause: Cause

    /// Whether Windows could report this change on its own: a failed writer stays failed
    /// within its session, until a new session asks it again or its service restarts; every
    /// success moves one step along the backup's order. Whether a clearance followed a
    /// failure that sticks is a property of the sequence: `illegalClearances(in:)`.
    public var isLegal: Bool {
        switch cause {
        case .serviceRestarted:
            return to == .stable
        case .clearedForNewBackup:
            return from.isFailed && to == .stable
        case .aborted:
            return !from.isFailed && to == .stable
        case .failed:
            return !from.isFailed && to.isFailed
        case .succeeded(let event):
            guard !from.isFailed, to == event.stateAfterSuccess else { return false }
            switch event {
            case .identify, .abort, .backupShutdown: return true
            case .prepareBackup: return from == .stable
            case .prepareSnapshot: return from == .stable
            case .freeze: return from == .waitingForFreeze
            case .thaw: return from == .waitingForThaw
            case .postSnapshot: return from == .waitingForPostSnapshot
            case .backupComplete: return from == .waitingForBackupComplete
            }
        }
    }

    /// The clearances in a sequence of transitions (in the order they happened) that
    /// followed a failure that sticks: such a writer must wait for its service to restart.
    public static func illegalClearances(in transitions: [WriterTransition]) -> [WriterTransition] {
        var lastFailureSticks: [String: Bool] = [:]
        var illegal: [WriterTransition] = []
        for transition in transitions {
            switch transition.cause {
            case .failed(_, let sticks): lastFailureSticks[transition.writer] = sticks
            case .serviceRestarted: lastFailureSticks[transition.writer] = false
            case .clearedForNewBackup where lastFailureSticks[transition.writer] == true: illegal.append(transition)
            default: break
            }
        }
        return illegal
    }
}
