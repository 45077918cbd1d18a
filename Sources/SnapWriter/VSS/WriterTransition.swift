/// One change of a writer's state, with what caused it: the writer's answer to an event,
/// a failure during it, the requester's Abort, or its service restarting.
public struct WriterTransition: Sendable, Equatable {
    public enum Cause: Sendable, Equatable {
        case succeeded(WriterEvent)
        case failed(WriterEvent)
        case aborted
        /// A new backup finds a writer whose failure does not stick (the Hyper-V writer).
        case clearedForNewBackup
        case serviceRestarted
    }

    public let writer: String
    public let from: WriterState
    public let to: WriterState
    public let cause: Cause

    /// Whether Windows could report this change: a failed writer stays failed until its
    /// service restarts (or, for writers whose failure does not stick, a new backup starts);
    /// every success moves one step along the backup's order.
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
}
