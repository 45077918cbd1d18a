/// A fault rule as the control socket carries it: `OPERATION ERRNO|- LATENCY_MS PROBABILITY
/// TIMES|- PATH|-`, the path last so it may hold spaces.
extension VolumeFaultRule {
    public var controlLine: String {
        ["fault", operation.rawValue, error?.name ?? "-", String(Int(latency.milliseconds)), String(probability),
         times.map(String.init) ?? "-", path ?? "-"].joined(separator: " ")
    }

    public init?(controlWords words: [String]) {
        guard words.count >= 6, let operation = VolumeOperation(rawValue: words[0]),
              let latency = Int(words[2]), latency >= 0, let probability = Double(words[3]),
              probability > 0, probability <= 1
        else { return nil }
        var error: OperatingSystemError?
        if words[1] != "-" {
            guard let known = OperatingSystemError.named(words[1]) else { return nil }
            error = known
        }
        var times: Int?
        if words[4] != "-" {
            guard let count = Int(words[4]), count >= 1 else { return nil }
            times = count
        }
        let path = words[5...].joined(separator: " ")
        guard error != nil || latency > 0 else { return nil }
        self.init(operation: operation, path: path == "-" ? nil : path, error: error, latency: .milliseconds(latency),
                  probability: probability, times: times)
    }
}
