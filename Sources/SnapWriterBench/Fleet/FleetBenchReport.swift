import Foundation
import SnapWriter

/// One generated fleet's run: its shape, wall time and peak RSS.
public struct FleetFigure: Sendable {
    public let shape: FleetShape
    /// The median of `runs` runs.
    public let seconds: Double
    public let peakRSSBytes: Int
    public let runs: Int
}

/// The fleet bench's report (schema `snapwriter.bench-fleet/1`): every figure, the ratio of
/// the largest VM count to the smallest at each number of days (300 against 100 VMs in the
/// standard curve, the target's 3.3×), and the targets on the 500-VM week.
public struct FleetBenchReport: Sendable {
    public let figures: [FleetFigure]

    /// The target: a simulated week of 500 VMs in at most 300 s and 3 GiB.
    public static let weekSeconds = 300.0
    public static let weekBytes = 3 << 30
    /// 300 VMs cost at most this many times 100 VMs.
    public static let ratioTarget = 3.3

    /// For each number of days measured at two VM counts or more: the time and peak RSS of
    /// the second-smallest count against the smallest (300 against 100, 10 against 5).
    public var ratios: [(days: Int, larger: Int, smaller: Int, time: Double, rss: Double)] {
        Dictionary(grouping: figures, by: \.shape.days).keys.sorted().compactMap { days in
            let sorted = figures.filter { $0.shape.days == days }.sorted { $0.shape.vms < $1.shape.vms }
            guard sorted.count >= 2, sorted[0].seconds > 0, sorted[0].peakRSSBytes > 0 else { return nil }
            return (days, sorted[1].shape.vms, sorted[0].shape.vms, sorted[1].seconds / sorted[0].seconds,
                    Double(sorted[1].peakRSSBytes) / Double(sorted[0].peakRSSBytes))
        }
    }

    public func json() -> JSONValue {
        let week = figures.first { $0.shape.vms == 500 && $0.shape.days == 7 }
        var targets: [JSONValue] = []
        if let week {
            targets.append(.object([("figure", .string(week.shape.name)), ("target", .string("at most 300 s")),
                                    ("actual", Self.number(week.seconds, 1)), ("met", .bool(week.seconds <= Self.weekSeconds))]))
            targets.append(.object([("figure", .string(week.shape.name)), ("target", .string("at most 3 GiB peak RSS")),
                                    ("actual", .int(week.peakRSSBytes)), ("met", .bool(week.peakRSSBytes <= Self.weekBytes))]))
        }
        for ratio in ratios where ratio.larger == 300 && ratio.smaller == 100 {
            targets.append(.object([("figure", .string("ratio-300-100-\(ratio.days)d")), ("target", .string("at most 3.3×")),
                                    ("actual", Self.number(ratio.time, 3)), ("met", .bool(ratio.time <= Self.ratioTarget))]))
        }
        return .object([
            ("schema", .string("snapwriter.bench-fleet/1")),
            ("figures", .array(figures.map { figure in
                .object([("name", .string(figure.shape.name)), ("hosts", .int(figure.shape.hosts)),
                         ("vmsPerHost", .int(figure.shape.vmsPerHost)), ("vms", .int(figure.shape.vms)),
                         ("days", .int(figure.shape.days)), ("seconds", Self.number(figure.seconds, 2)),
                         ("peakRSSBytes", .int(figure.peakRSSBytes)), ("runs", .int(figure.runs))])
            })),
            ("ratios", .array(ratios.map { ratio in
                .object([("days", .int(ratio.days)), ("vms", .int(ratio.larger)), ("againstVms", .int(ratio.smaller)),
                         ("time", Self.number(ratio.time, 3)), ("peakRSS", Self.number(ratio.rss, 3))])
            })),
            ("targets", .array(targets)),
        ])
    }

    /// One line per figure, then the ratios.
    public func text() -> String {
        var lines = ["fleet                    seconds   peak RSS (MiB)"]
        for figure in figures {
            let name = figure.shape.name.padding(toLength: 24, withPad: " ", startingAt: 0)
            lines.append("\(name) \(String(format: "%8.2f", figure.seconds))   \(String(format: "%10.1f", Double(figure.peakRSSBytes) / 1_048_576))")
        }
        for ratio in ratios {
            lines.append("\(ratio.days) day(s): \(ratio.larger) VMs / \(ratio.smaller) VMs = "
                + "\(String(format: "%.2f", ratio.time))× time, \(String(format: "%.2f", ratio.rss))× peak RSS")
        }
        return lines.joined(separator: "\n")
    }

    private static func number(_ value: Double, _ decimals: Int) -> JSONValue {
        guard value.isFinite else { return .null }
        let scale = pow(10, Double(decimals))
        return .double((value * scale).rounded() / scale)
    }
}
