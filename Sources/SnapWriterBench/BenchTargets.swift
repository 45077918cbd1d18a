/// The performance targets, checked against a report's figures.
public struct TargetCheck: Sendable {
    public let figure: String
    public let target: String
    /// The measured quantity the target is about (a ratio, or milliseconds).
    public let actual: Double?
    /// nil when a figure it needs is missing (no passthrough).
    public let met: Bool?

    static func checks(_ figures: [BenchFigure]) -> [TargetCheck] {
        func figure(_ name: String) -> BenchFigure? { figures.first { $0.name == name } }
        func ratio(_ name: String, _ role: TargetRole, atLeast bound: Double, _ text: String) -> TargetCheck {
            let value = figure(name)?.ratio(to: role)
            return TargetCheck(figure: name, target: text, actual: value, met: value.map { $0 >= bound })
        }
        func milliseconds(_ name: String, under bound: Double, _ text: String) -> TargetCheck {
            let value = figure(name)?.medians[.volume]
            return TargetCheck(figure: name, target: text, actual: value, met: value.map { $0 < bound })
        }
        var checks = [
            ratio("seq-write", .passthrough, atLeast: 0.9, "volume ≥ 90% of passthrough, while doing copy-on-write"),
            ratio("seq-read", .passthrough, atLeast: 0.9, "volume ≥ 90% of passthrough"),
            ratio("rand-write-qd1", .passthrough, atLeast: 0.8, "volume ≥ 80% of passthrough"),
            ratio("rand-write-qd16", .passthrough, atLeast: 0.8, "volume ≥ 80% of passthrough"),
            milliseconds("snapshot-create-64MiB", under: 5, "under 5 ms"),
            milliseconds("snapshot-create-4GiB", under: 5, "under 5 ms"),
        ]
        let small = figure("snapshot-create-64MiB")?.medians[.volume]
        let large = figure("snapshot-create-4GiB")?.medians[.volume]
        let growth = small.flatMap { small in large.map { $0 / small } }
        checks.append(TargetCheck(figure: "snapshot-create-4GiB", target: "≤ 1.5 × the 64 MiB time", actual: growth,
                                  met: growth.map { $0 <= 1.5 }))
        checks.append(milliseconds("hold-p99", under: 50, "under 50 ms"))
        checks.append(ratio("image-copy", .native, atLeast: 0.8, "volume ≥ 80% of native"))
        let serveToRun = figure("serve-host-backup")?.ratio(of: .serve, to: .run)
        checks.append(TargetCheck(figure: "serve-host-backup", target: "serve ≤ 1.2 × run", actual: serveToRun,
                                  met: serveToRun.map { $0 <= 1.2 }))
        let errors = figure("serve-concurrent-reads")?.count("errors")
        checks.append(TargetCheck(figure: "serve-concurrent-reads",
                                  target: "100 concurrent GET /vms/VM1/writers during a host backup: no errors",
                                  actual: errors.map(Double.init), met: errors.map { $0 == 0 }))
        return checks
    }
}
