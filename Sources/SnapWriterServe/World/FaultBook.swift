import HostBackup
import SnapWriter

/// The fault rules armed now, each with an id (`f1`, `f2`, … in the order they came: the
/// scenario's first, then those posted). Changing the book re-arms every rule in the world,
/// whose counts start again.
struct FaultBook {
    struct Entry {
        let id: String
        /// Exactly one rule of one kind.
        let rules: FaultRules
    }

    private(set) var entries: [Entry] = []
    private var issued = 0
    /// Counts changes, so the world re-arms only when the book changed.
    private(set) var version = 0

    init(scenario: Scenario) {
        let all = FaultRules(of: scenario)
        for rule in all.writers { add(single { $0.writers = [rule] }) }
        for rule in all.volumes { add(single { $0.volumes = [rule] }) }
        for rule in all.host { add(single { $0.host = [rule] }) }
        for rule in all.repository { add(single { $0.repository = [rule] }) }
    }

    private func single(_ fill: (inout FaultRules) -> Void) -> FaultRules {
        var rules = FaultRules()
        fill(&rules)
        return rules
    }

    /// Adds a rule and returns its id.
    @discardableResult
    mutating func add(_ rules: FaultRules) -> String {
        issued += 1
        let id = "f\(issued)"
        entries.append(Entry(id: id, rules: rules))
        version += 1
        return id
    }

    /// False when no rule has that id.
    mutating func remove(_ id: String) -> Bool {
        guard let index = entries.firstIndex(where: { $0.id == id }) else { return false }
        entries.remove(at: index)
        version += 1
        return true
    }

    mutating func removeAll() {
        entries.removeAll()
        version += 1
    }

    /// Every rule of the book together, as the world arms them.
    var armed: FaultRules {
        var all = FaultRules()
        for entry in entries {
            all.writers += entry.rules.writers
            all.volumes += entry.rules.volumes
            all.host += entry.rules.host
            all.repository += entry.rules.repository
        }
        return all
    }

    /// `{"id", "kind", "rule"}` per entry, the rule with the keys of the scenario's `faults`.
    var json: JSONValue {
        .array(entries.map { entry in
            let (kind, rule) = FaultJSON.rule(entry.rules)
            return .object([("id", .string(entry.id)), ("kind", .string(kind)), ("rule", rule)])
        })
    }
}
