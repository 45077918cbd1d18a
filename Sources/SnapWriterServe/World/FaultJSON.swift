import HostBackup
import SnapWriter

/// A fault rule written back with the keys a scenario's `faults:` item uses, so what `GET
/// /faults` lists can be posted again as it stands.
enum FaultJSON {
    /// The kind (`writer`, `volume`, `host`, `repository`) and the rule of a one-rule set.
    static func rule(_ rules: FaultRules) -> (String, JSONValue) {
        if let rule = rules.writers.first { return ("writer", writer(rule)) }
        if let rule = rules.volumes.first { return ("volume", volume(rule)) }
        if let rule = rules.host.first { return ("host", host(rule)) }
        if let rule = rules.repository.first { return ("repository", repository(rule)) }
        return ("none", .null)
    }

    private static func writer(_ rule: FaultRule) -> JSONValue {
        var fields: [(String, JSONValue)] = []
        if let vm = rule.vm { fields.append(("vm", .string(vm))) }
        fields += [("writer", .string(rule.writer)), ("event", .string(rule.event.rawValue))]
        switch rule.action {
        case .fail(let failure, let pause):
            fields += [("action", .string("fail")), ("error", .string(failure.rawValue))]
            if pause > 0 { fields.append(("delayMs", .int(pause))) }
        case .hang:
            fields.append(("action", .string("hang")))
        case .delay(let milliseconds):
            fields += [("action", .string("delay")), ("delayMs", .int(milliseconds))]
        }
        return .object(fields + times(rule.times))
    }

    private static func volume(_ spec: VolumeFaultSpec) -> JSONValue {
        let rule = spec.rule
        var fields: [(String, JSONValue)] = [("vm", .string(spec.vm)), ("volume", .string(spec.volume)),
                                             ("operation", .string(rule.operation.rawValue))]
        if let path = rule.path { fields.append(("path", .string(path))) }
        if let error = rule.error { fields.append(("errno", .string(error.name))) }
        if rule.latency > .zero { fields.append(("latencyMs", .int(Int(rule.latency.milliseconds)))) }
        if rule.probability < 1 { fields.append(("probability", .double(rule.probability))) }
        return .object(fields + times(rule.times))
    }

    private static func host(_ rule: HostFaultRule) -> JSONValue {
        var fields: [(String, JSONValue)] = [("host", .string(rule.kind.rawValue))]
        if let vm = rule.vm { fields.append(("vm", .string(vm))) }
        if let event = rule.event { fields.append(("event", .string(event.rawValue))) }
        return .object(fields + times(rule.times))
    }

    private static func repository(_ rule: RepositoryFaultRule) -> JSONValue {
        var fields: [(String, JSONValue)] = [("repository", .string(rule.kind.rawValue))]
        if let vm = rule.vm { fields.append(("vm", .string(vm))) }
        if rule.afterBytes > 0 { fields.append(("afterBytes", .int(rule.afterBytes))) }
        return .object(fields + times(rule.times))
    }

    private static func times(_ times: Int?) -> [(String, JSONValue)] {
        times.map { [("times", .int($0))] } ?? []
    }
}
