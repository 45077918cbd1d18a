/// One figure of the report: the median of each configuration's runs.
public struct BenchFigure: Sendable {
    public let name: String
    public let unit: String
    /// The configurations this figure compares, in report order.
    public let roles: [TargetRole]
    /// Medians by configuration; a role in `roles` without a median is reported as null.
    public let medians: [TargetRole: Double]
    public let runs: Int
    /// Counts that go with the figure (requests, errors), in report order.
    public let counts: [(String, Int)]
    /// Percentiles of the samples the figure reduces (p50, p99), in its unit.
    public let percentiles: [(String, Double)]
    /// How it was measured, in sentences.
    public let notes: [String]

    /// `volume / other`, when both were measured.
    public func ratio(to other: TargetRole) -> Double? {
        ratio(of: .volume, to: other)
    }

    /// `role / other`, when both were measured.
    public func ratio(of role: TargetRole, to other: TargetRole) -> Double? {
        guard let value = medians[role], let reference = medians[other], reference > 0 else { return nil }
        return value / reference
    }

    /// A count by name, if the figure has it.
    public func count(_ name: String) -> Int? { counts.first { $0.0 == name }?.1 }

    /// Samples by configuration, reduced to medians.
    init(name: String, unit: String, roles: [TargetRole], samples: [TargetRole: [Double]], runs: Int, notes: [String]) {
        self.name = name
        self.unit = unit
        self.roles = roles
        medians = samples.compactMapValues { Statistics.median($0) }
        self.runs = runs
        counts = []
        percentiles = []
        self.notes = notes
    }

    init(name: String, unit: String, roles: [TargetRole], medians: [TargetRole: Double], runs: Int,
         counts: [(String, Int)], percentiles: [(String, Double)], notes: [String]) {
        self.name = name
        self.unit = unit
        self.roles = roles
        self.medians = medians
        self.runs = runs
        self.counts = counts
        self.percentiles = percentiles
        self.notes = notes
    }

    init(name: String, unit: String, volume: Double, runs: Int, notes: [String]) {
        self.name = name
        self.unit = unit
        roles = [.volume]
        medians = [.volume: volume]
        self.runs = runs
        counts = []
        percentiles = []
        self.notes = notes
    }
}
