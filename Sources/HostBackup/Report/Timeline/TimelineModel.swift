/// What one timeline shows, taken from a slice of a trace: a lane per machine, the
/// handshake arrows between replicas, and what was left out.
struct TimelineModel {
    var lanes: [TimelineLane]
    var arrows: [TimelineArrow]
    /// Sentences the page prints above the drawing (lanes left out, events cut).
    var notes: [String]
    /// The trace's times the drawing spans, in milliseconds of the simulation clock.
    var start: Double
    var end: Double
    /// Every distinct event time in the slice, sorted: the axis keeps these readable.
    var times: [Double]

    var vmLanes: [TimelineLane] { lanes.filter { $0.kind == .vm } }
}
