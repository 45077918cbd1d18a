/// One figure of the report: the median of each configuration's runs.
public struct BenchFigure: Sendable {
    public let name: String
    public let unit: String
    /// The configurations this figure compares, in report order.
    public let roles: [TargetRole]
    /// Medians by configuration; a role in `roles` without a median is reported as null.
    public let medians: [TargetRole: Double]
    public let runs: Int
    /// How it was measured, in sentences.
    public let notes: [String]

    /// `volume / other`, when both were measured.
    public func ratio(to other: TargetRole) -> Double? {
        guard let volume = medians[.volume], let reference = medians[other], reference > 0 else { return nil }
        return volume / reference
    }

    /// Samples by configuration, reduced to medians.
    init(name: String, unit: String, roles: [TargetRole], samples: [TargetRole: [Double]], runs: Int, notes: [String]) {
        self.name = name
        self.unit = unit
        self.roles = roles
        medians = samples.compactMapValues { Statistics.median($0) }
        self.runs = runs
        self.notes = notes
    }

    init(name: String, unit: String, volume: Double, runs: Int, notes: [String]) {
        self.name = name
        self.unit = unit
        roles = [.volume]
        medians = [.volume: volume]
        self.runs = runs
        self.notes = notes
    }
}
