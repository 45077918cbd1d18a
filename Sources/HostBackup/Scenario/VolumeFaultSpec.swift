import SnapWriter

/// A volume fault rule of a scenario: on which VM's volume it applies, and the rule itself.
public struct VolumeFaultSpec: Sendable {
    public var vm: String
    /// The guest volume: `D:`, where SQL Server's files are.
    public var volume: String
    public var rule: VolumeFaultRule
    public var location: SourceLocation?

    public init(vm: String, volume: String = "D:", rule: VolumeFaultRule, location: SourceLocation? = nil) {
        self.vm = vm
        self.volume = volume
        self.rule = rule
        self.location = location
    }
}
