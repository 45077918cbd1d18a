import SnapWriter

/// A scenario's host fault rules with how often each has fired: each fires at most once per
/// host backup, and `times` host backups in all.
public final class HostFaultPlan {
    private let rules: [HostFaultRule]
    private var fired: [Int]

    public init(rules: [HostFaultRule]) {
        self.rules = rules
        fired = rules.map { _ in 0 }
    }

    /// The rule of `kind` for `vm` that may fire in the backup under way, without counting
    /// it: it counts only once it happened (`fired(_:)`).
    func available(_ kind: HostFaultRule.Kind, vm: String? = nil) -> (index: Int, rule: HostFaultRule)? {
        for (index, rule) in rules.enumerated() where rule.kind == kind && rule.vm == vm {
            if let times = rule.times, fired[index] >= times { continue }
            return (index, rule)
        }
        return nil
    }

    func fired(_ index: Int) { fired[index] += 1 }

    /// The rule of `kind` for `vm` (nil: the host) that may fire now; it counts as fired.
    func take(_ kind: HostFaultRule.Kind, vm: String? = nil) -> HostFaultRule? {
        for (index, rule) in rules.enumerated() where rule.kind == kind && rule.vm == vm {
            if let times = rule.times, fired[index] >= times { continue }
            fired[index] += 1
            return rule
        }
        return nil
    }
}
