import SnapWriter

/// Reads a volume fault rule: `vm`, `volume: D:`, `operation`, and `errno` and/or `latencyMs`,
/// optionally narrowed to a `path` and thinned by `probability` and `times`.
enum VolumeFaultReader {
    static let keys = ["vm", "volume", "operation", "path", "errno", "latencyMs", "probability", "times"]
    static let volumes = ["D:"]

    static func read(_ node: LocatedNode, topology: Topology) throws(ScenarioError) -> VolumeFaultSpec {
        let fields = try node.mapping(allowed: keys)
        let vm = try topology.vm(fields.required("vm"))
        // A Linux guest's data volume is its file system /data.
        let allowed = vm.os == .linux ? ["/data"] : volumes
        let volume = try fields.required("volume", allowed: allowed).choice(allowed)
        let operation = try fields.required("operation", allowed: VolumeOperation.allCases.map(\.rawValue))
            .choice(VolumeOperation.self)
        let error = try fields["errno"].map { errnoNode throws(ScenarioError) in
            let names = OperatingSystemError.known.map(\.name)
            return OperatingSystemError.named(try errnoNode.choice(names))!
        }
        let latency = try fields["latencyMs"]?.integer(in: 0...3_600_000) ?? 0
        guard error != nil || latency > 0 else {
            throw node.error("a volume fault needs 'errno' (the operation fails), 'latencyMs' (it is slow) or both")
        }
        let probability = try fields["probability"].map { chanceNode throws(ScenarioError) -> Double in
            let allowed = "allowed: a number above 0, at most 1"
            guard case let .scalar(scalar) = chanceNode.node, [.int, .float].contains(chanceNode.resolvedTag),
                  let value = Double(scalar.string), value.isFinite
            else {
                throw chanceNode.error("expected a number, found \(chanceNode.found); \(allowed)")
            }
            guard value > 0, value <= 1 else { throw chanceNode.error("\(scalar.string) is out of range; \(allowed)") }
            return value
        } ?? 1
        let times = try fields["times"]?.integer(in: 1...Int.max)
        let path = try fields["path"].map { pathNode throws(ScenarioError) -> String in
            let text = try pathNode.text()
            guard !VolumeFaultRule.normalized(text).isEmpty else {
                throw pathNode.error("expected a file or directory on the volume, such as Data/Sales_log.ldf")
            }
            return text
        }
        let rule = VolumeFaultRule(operation: operation, path: path, error: error, latency: .milliseconds(latency),
                                   probability: probability, times: times)
        return VolumeFaultSpec(vm: vm.name, volume: volume, rule: rule, location: node.location)
    }
}
