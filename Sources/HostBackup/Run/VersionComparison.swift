import SnapWriter

/// One scenario run once per SQL Server build, every instance set to that build (and,
/// when given, that collation): the behaviour matrix of one topology.
public struct VersionComparison {
    /// A build to compare, optionally with the collation every instance gets.
    public struct Variant: Sendable, Equatable {
        public var version: SQLVersion
        public var collation: Collation?

        public init(version: SQLVersion, collation: Collation? = nil) {
            self.version = version
            self.collation = collation
        }

        /// `2012-SP2` or `2012-SP2:Latin1_General_CS_AS`.
        public init?(parsing text: String) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard let first = parts.first, let version = SQLVersion(rawValue: first) else { return nil }
            self.version = version
            if parts.count == 2 {
                guard !parts[1].isEmpty else { return nil }
                collation = Collation(parts[1])
            }
        }

        public var label: String {
            collation.map { "\(version.rawValue):\($0.name)" } ?? version.rawValue
        }
    }

    public struct Row {
        public let variant: Variant
        public let result: RunResult
    }

    public let scenario: Scenario

    public init(scenario: Scenario) {
        self.scenario = scenario
    }

    /// The scenario with every instance set to the variant; expectations are dropped, as
    /// they were written for one build.
    public func scenario(for variant: Variant) throws(ScenarioError) -> Scenario {
        var copy = scenario
        copy.expect = nil
        for index in copy.vms.indices where copy.vms[index].sql != nil {
            copy.vms[index].sql!.version = variant.version
            if let collation = variant.collation { copy.vms[index].sql!.collation = collation }
            if copy.vms[index].sql!.edition == .standard, variant.version < .v2016,
                copy.availabilityGroups.contains(where: { $0.replicas.contains { $0.vm == copy.vms[index].name } })
            {
                throw ScenarioError(file: scenario.name, line: nil, column: nil, key: "--sql-versions",
                                    message: "\(variant.version.rawValue) cannot host \(copy.vms[index].name)'s Basic "
                                        + "availability group: Standard edition needs SQL Server 2016 or later")
            }
        }
        return copy
    }

    /// Runs every variant; with `scenarioVolumes`, on the volumes the scenario asks for
    /// (FUSE by default where it works), each run's mounts removed as soon as it ends.
    public func run(_ variants: [Variant], scenarioVolumes: Bool = false) throws(RunError) -> [Row] {
        var scenarios: [Scenario] = []
        for variant in variants {
            do {
                scenarios.append(try scenario(for: variant))
            } catch {
                throw .scenario(error)
            }
        }
        var rows: [Row] = []
        for (variant, scenario) in zip(variants, scenarios) {
            let volumes = scenarioVolumes ? try GuestVolumes.forScenario(scenario) : GuestVolumes.memory
            defer { volumes.close() }
            rows.append(Row(variant: variant, result: try ScenarioRunner(scenario: scenario).run(volumes: volumes)))
        }
        return rows
    }
}
