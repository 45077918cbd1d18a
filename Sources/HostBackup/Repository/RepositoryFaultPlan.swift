/// A scenario's repository fault rules with how many image writes each has failed; the
/// counts run across host backups, so a rule with `times: 1` fails one image and the next
/// host backup writes its images whole.
public final class RepositoryFaultPlan {
    private let rules: [RepositoryFaultRule]
    private var fired: [Int]

    public init(rules: [RepositoryFaultRule]) {
        self.rules = rules
        fired = rules.map { _ in 0 }
    }

    /// The rule that fails the write of `vm`'s image now, counted as fired; nil when none does.
    func take(vm: String) -> RepositoryFaultRule? {
        for (index, rule) in rules.enumerated() where rule.vm == nil || rule.vm == vm {
            if let times = rule.times, fired[index] >= times { continue }
            fired[index] += 1
            return rule
        }
        return nil
    }
}
