import Foundation
import SnapWriter

/// A bench run's result: schema `snapwriter.bench/1`.
public struct BenchReport: Sendable {
    public static let schema = "snapwriter.bench/1"
    public let machine: String
    public let mode: String
    /// "dropped" when reads started from a dropped page cache, else "warm".
    public let readCaches: String
    /// Why the passthrough figures are null, when they are.
    public let passthroughProblem: String?
    /// Why the serve figures are missing, when they are (no `snapwriter` executable to run).
    public let serveProblem: String?
    public let loadAverage: (start: Double?, end: Double?)
    public let seconds: Double
    public let figures: [BenchFigure]

    public var targets: [TargetCheck] { TargetCheck.checks(figures) }

    public func json() -> JSONValue {
        .object([
            ("schema", .string(Self.schema)),
            ("machine", .string(machine)),
            ("figures", .array(figures.map(Self.json))),
            ("mode", .string(mode)),
            ("readCaches", .string(readCaches)),
            ("passthroughError", passthroughProblem.map(JSONValue.string) ?? .null),
            ("serveError", serveProblem.map(JSONValue.string) ?? .null),
            ("loadAverage", .object([("start", Self.number(loadAverage.start, 2)), ("end", Self.number(loadAverage.end, 2))])),
            ("seconds", Self.number(seconds, 1)),
            ("targets", .array(targets.map { check in
                .object([
                    ("figure", .string(check.figure)), ("target", .string(check.target)),
                    ("actual", Self.number(check.actual, 3)), ("met", check.met.map(JSONValue.bool) ?? .null),
                ])
            })),
        ])
    }

    private static func json(_ figure: BenchFigure) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("name", .string(figure.name)), ("unit", .string(figure.unit))]
        for role in figure.roles { pairs.append((role.rawValue, number(figure.medians[role], decimals(figure.unit)))) }
        pairs.append(("runs", .int(figure.runs)))
        for (name, count) in figure.counts { pairs.append((name, .int(count))) }
        for (name, value) in figure.percentiles { pairs.append((name, number(value, decimals(figure.unit)))) }
        if figure.roles.contains(.serve), figure.roles.contains(.run) {
            pairs.append(("ratios", .object([("serveToRun", number(figure.ratio(of: .serve, to: .run), 3))])))
        } else if figure.roles.count > 1 {
            var ratios: [(String, JSONValue)] = []
            if figure.roles.contains(.passthrough) {
                ratios.append(("volumeToPassthrough", number(figure.ratio(to: .passthrough), 3)))
            }
            if figure.roles.contains(.native) { ratios.append(("volumeToNative", number(figure.ratio(to: .native), 3))) }
            pairs.append(("ratios", .object(ratios)))
        }
        pairs.append(("notes", .string(figure.notes.joined(separator: " "))))
        return .object(pairs)
    }

    static func decimals(_ unit: String) -> Int { unit == "ms" ? 3 : unit == "IOPS" ? 0 : 1 }

    private static func number(_ value: Double?, _ decimals: Int) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        let scale = pow(10, Double(decimals))
        return .double((value * scale).rounded() / scale)
    }
}
