/// A bar on a row of the timeline: a phase, a freeze window, a flush-and-hold, a backup,
/// from one trace event's time to another's.
struct TimelineSpan {
    var start: Double
    var end: Double
    var style: TimelineStyle
    /// Drawn inside the bar when it fits.
    var label: String?
    /// Drawn under the bar whatever its width (a measured duration, a failure's HRESULT).
    var note: String?
    /// The tooltip: what happened, when, for how long.
    var title: String
}
