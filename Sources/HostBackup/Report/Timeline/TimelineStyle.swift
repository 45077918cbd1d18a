/// How a bar or a mark of the timeline is drawn: its CSS class on the page. The VSS phases
/// share their colours between the requester's row and every writer's row, so one legend
/// reads them all.
enum TimelineStyle: String, CaseIterable {
    case identify
    case prepareForBackup = "prepare-backup"
    case prepareForSnapshot = "prepare-snapshot"
    case freeze
    case thaw
    case postSnapshot = "post-snapshot"
    case backupComplete = "backup-complete"
    case abort
    case backupShutdown = "shutdown"
    /// The time a VSS freeze window was open (Freeze sent to Thaw sent).
    case freezeWindow = "freeze-window"
    /// The provider's flush-and-hold of writes (HoldWrites to ReleaseWrites).
    case flushAndHold = "flush-hold"
    /// A writer or a database frozen (Freeze to Thaw, 3197 to 3198).
    case frozen
    case succeeded
    case failed
    /// A host or guest backup, or a native backup, that had not ended when the trace did.
    case running
    case nativeBackup = "native-backup"
    case errorLog = "errorlog"
    case warning
    case info

    /// The style of a writer event's phase, nil for events that are not a phase.
    static func phase(_ event: String) -> TimelineStyle? {
        switch event {
        case "Identify": .identify
        case "PrepareForBackup": .prepareForBackup
        case "PrepareForSnapshot": .prepareForSnapshot
        case "Freeze": .freeze
        case "Thaw": .thaw
        case "PostSnapshot": .postSnapshot
        case "BackupComplete": .backupComplete
        case "Abort": .abort
        case "BackupShutdown": .backupShutdown
        default: nil
        }
    }

    /// The phases in the order a backup meets them, with the names the legend gives them.
    static let phases: [(TimelineStyle, String)] = [
        (.identify, "Identify"), (.prepareForBackup, "PrepareForBackup"), (.prepareForSnapshot, "PrepareForSnapshot"),
        (.freeze, "Freeze"), (.flushAndHold, "flush-and-hold"), (.thaw, "Thaw"), (.postSnapshot, "PostSnapshot"),
        (.backupComplete, "BackupComplete"), (.abort, "Abort"), (.backupShutdown, "BackupShutdown"),
    ]
}
