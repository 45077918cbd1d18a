import SnapWriter

/// A scenario's fault rules of every kind, as `faults:` lists them: writer, volume, host and
/// repository rules.
public struct FaultRules: Sendable {
    public var writers: [FaultRule] = []
    public var volumes: [VolumeFaultSpec] = []
    public var host: [HostFaultRule] = []
    public var repository: [RepositoryFaultRule] = []

    public init() {}

    /// The rules `scenario` was written with.
    public init(of scenario: Scenario) {
        writers = scenario.faults
        volumes = scenario.volumeFaults
        host = scenario.hostFaults
        repository = scenario.repositoryFaults
    }

    public var isEmpty: Bool { writers.isEmpty && volumes.isEmpty && host.isEmpty && repository.isEmpty }
}
