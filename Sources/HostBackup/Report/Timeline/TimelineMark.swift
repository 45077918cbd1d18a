/// A moment on a row of the timeline: an error-log line, a failure, a notable event.
struct TimelineMark {
    var time: Double
    var style: TimelineStyle
    /// The text beside the mark; failures and error-log lines always show theirs, other
    /// marks only where there is room.
    var label: String
    var title: String

    var isEssential: Bool { style == .failed || style == .errorLog || style == .warning }
}
