/// How a trace event that is not a bar shows as a mark: a failure (red, with its HRESULT),
/// a warning (orange, named), or a quiet tick whose label shows only where there is room.
enum TimelineMarkKind {
    /// Events that end a backup or lose data, besides every `...Failed` and `...TimedOut`.
    private static let failures: Set<String> = [
        "GuestLost", "VMStopped", "RequesterDied", "PoweredOff", "DatabaseSuspect", "IOError", "LogChainBroken",
        "FailoverRefused", "StillFailed", "SecondBackupRejected",
    ]

    /// Events worth reading on the page, with the words the mark shows.
    private static let warnings: [String: String] = [
        "NotAttempted": "not attempted", "VMSaved": "saved state", "VMOffline": "offline backup",
        "IntegrationServiceSilent": "integration service silent", "SecondaryFullRejected": "FULL refused on secondary",
        "DatabaseNotAccessible": "database not accessible", "SnapshotBackupAbandoned": "snapshot backup abandoned",
        "FaultInjected": "fault injected", "RepositoryFault": "repository fault", "ImagesDiscarded": "images discarded",
        "SecondBackupStarted": "second backup", "AbortSent": "abort sent", "RequesterGone": "requester gone",
        "PageCorrupted": "page corrupted", "VolumeFault": "volume fault", "DowngradedToCopyOnly": "copy-only",
        "SecondarySkipped": "secondary skipped", "AutoRecovery": "auto-recovery",
    ]

    static func style(of event: String) -> TimelineStyle {
        if failures.contains(event) || event.hasSuffix("Failed") || event.hasSuffix("TimedOut") { return .failed }
        return warnings[event] == nil ? .info : .warning
    }

    /// The mark for `event`: failures say their HRESULT or SQL Server message.
    static func mark(_ event: String, detail: String, time: Double, title: String) -> TimelineMark {
        let style = style(of: event)
        let label = switch style {
        case .failed: TraceText.failureLabel(event: event, detail: detail)
        case .warning: warnings[event] ?? event
        default: event
        }
        return TimelineMark(time: time, style: style, label: label, title: title)
    }
}
