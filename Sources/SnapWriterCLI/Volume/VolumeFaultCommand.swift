import ArgumentParser
import SnapWriter

/// `snapwriter volume fault`: adds a fault rule to a mounted volume, or clears them all.
struct VolumeFaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fault",
        abstract: "Makes an operation on the mounted volume fail with an errno and/or take longer (or --clear them all).",
        discussion: """
            The rule is added to the volume's rules until --clear or the volume is unmounted. \
            Operations: \(VolumeOperation.allCases.map(\.rawValue).joined(separator: ", ")). \
            Errors: \(OperatingSystemError.known.map(\.name).joined(separator: ", ")).
            """
    )

    @Argument(help: "The volume directory.")
    var directory: String

    @Option(help: "The operation to hit.")
    var operation: String?

    @Option(help: "The error the operation returns.")
    var errno: String?

    @Option(name: .customLong("latency-ms"), help: "How much longer the operation takes, in milliseconds.")
    var latencyMs: Int = 0

    @Option(help: "The chance a matching operation is hit, above 0 and at most 1.")
    var probability: Double = 1

    @Option(help: "How many operations are hit at most [every one].")
    var times: Int?

    @Option(help: "A file or directory on the volume, relative to its root [every file].")
    var path: String?

    @Flag(help: "Removes every fault rule of the volume.")
    var clear = false

    func run() throws {
        if clear {
            _ = try VolumeCLI.control("faults-clear", directory)
            Output.print("no fault rules on \(directory)")
            return
        }
        let rule = try makeRule()
        let answer = try VolumeCLI.control(rule.controlLine, directory)
        Output.print("\(answer) on \(directory)")
    }

    private func makeRule() throws -> VolumeFaultRule {
        let operations = VolumeOperation.allCases.map(\.rawValue)
        guard let operation else {
            throw CommandExit.badInput("--operation is required; allowed: \(operations.joined(separator: ", "))")
        }
        guard let kind = VolumeOperation(rawValue: operation) else {
            throw CommandExit.badInput("--operation: unknown value '\(operation)'; allowed: \(operations.joined(separator: ", "))")
        }
        var error: OperatingSystemError?
        if let errno {
            guard let known = OperatingSystemError.named(errno) else {
                throw CommandExit.badInput("--errno: unknown value '\(errno)'; allowed: "
                    + OperatingSystemError.known.map(\.name).joined(separator: ", "))
            }
            error = known
        }
        guard latencyMs >= 0 else { throw CommandExit.badInput("--latency-ms: \(latencyMs) is out of range; allowed: 0 or more") }
        guard error != nil || latencyMs > 0 else {
            throw CommandExit.badInput("a fault needs --errno (the operation fails), --latency-ms (it is slow) or both")
        }
        guard probability > 0, probability <= 1 else {
            throw CommandExit.badInput("--probability: \(probability) is out of range; allowed: above 0, at most 1")
        }
        if let times, times < 1 { throw CommandExit.badInput("--times: \(times) is out of range; allowed: 1 or more") }
        return VolumeFaultRule(operation: kind, path: path, error: error, latency: .milliseconds(latencyMs),
                               probability: probability, times: times)
    }
}
