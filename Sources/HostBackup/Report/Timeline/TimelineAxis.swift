/// The time axis: the simulation clock's milliseconds to x, linear within each stretch of
/// activity, with every idle stretch longer than `gapMs` cut down to a hatched band
/// `breakWidth` wide (a 300 s workload step would otherwise leave the backups as slivers).
/// The scale makes the busy part about `targetWidth` wide, within bounds; a stretch gets at
/// least `minimumStretch` pixels, so an instant's events (a handshake's twelve steps in the
/// same millisecond) have room beside each other.
struct TimelineAxis {
    struct Segment {
        var start: Double
        var end: Double
        var x: Double
    }

    /// An idle stretch cut out of the axis.
    struct Break {
        var x: Double
        var width: Double
        var milliseconds: Double
    }

    static let gapMs: Double = 250
    static let breakWidth: Double = 48
    static let minimumStretch: Double = 90
    static let targetWidth: Double = 1100
    static let maximumWidth: Double = 12_000

    let left: Double
    let pxPerMs: Double
    private(set) var segments: [Segment] = []
    private(set) var breaks: [Break] = []
    private(set) var width: Double = 0

    init(times: [Double], left: Double) {
        self.left = left
        var runs: [(Double, Double)] = []
        for time in times {
            if let last = runs.last, time - last.1 <= Self.gapMs {
                runs[runs.count - 1].1 = time
            } else {
                runs.append((time, time))
            }
        }
        if runs.isEmpty { runs = [(0, 0)] }
        let busy = max(runs.reduce(0) { $0 + $1.1 - $1.0 }, 1)
        let budget = Self.maximumWidth - Double(runs.count - 1) * Self.breakWidth
        pxPerMs = min(max(Self.targetWidth / busy, 0.05), 12, max(budget, Self.targetWidth) / busy)
        // A little room either side of each stretch, so its first and last bars show.
        let pad = 8.0
        var x = left + pad
        for (index, run) in runs.enumerated() {
            if index > 0 {
                let previous = runs[index - 1]
                breaks.append(Break(x: x, width: Self.breakWidth, milliseconds: run.0 - previous.1))
                x += Self.breakWidth
            }
            segments.append(Segment(start: run.0, end: run.1, x: x))
            x += max((run.1 - run.0) * pxPerMs, Self.minimumStretch)
        }
        width = x + pad
    }

    /// Where `time` is drawn: inside a stretch linearly, inside a cut stretch in proportion.
    func x(_ time: Double) -> Double {
        var low = 0
        var high = segments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if segments[middle].start <= time { low = middle } else { high = middle - 1 }
        }
        let segment = segments[low]
        if time <= segment.start { return segment.x - (segment.start - time) * pxPerMs }
        if time <= segment.end || low == segments.count - 1 {
            return segment.x + (time - segment.start) * pxPerMs
        }
        let next = segments[low + 1]
        let segmentEnd = next.x - Self.breakWidth
        let fraction = (time - segment.end) / max(next.start - segment.end, 1)
        return segmentEnd + fraction * (next.x - segmentEnd)
    }

    /// Tick times within each stretch, at a round step that leaves `spacing` pixels between
    /// labels, and that step.
    func ticks(spacing: Double = 120) -> [(time: Double, step: Double)] {
        let wanted = spacing / pxPerMs
        var step = 0.001
        for candidate in Self.steps where candidate >= wanted {
            step = candidate
            break
        }
        if step < wanted { step = Self.steps.last! }
        var ticks: [(Double, Double)] = []
        for segment in segments {
            var time = (segment.start / step).rounded(.up) * step
            if segment.end - segment.start < step {
                ticks.append((segment.start, step))
                continue
            }
            while time <= segment.end {
                ticks.append((time, step))
                time += step
            }
        }
        return ticks
    }

    /// 1, 2, 5 times the powers of ten, from a microsecond to a day.
    private static let steps: [Double] = {
        var values: [Double] = []
        var power = 0.001
        while power < 86_400_000 {
            values += [power, power * 2, power * 5]
            power *= 10
        }
        return values
    }()
}
