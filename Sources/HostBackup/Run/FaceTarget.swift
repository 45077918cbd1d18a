/// Which machine of a scenario a face (vssadmin, diskshadow, vshadow) speaks to, and up to
/// which step the scenario runs first: checked against the scenario before anything runs.
public struct FaceTarget: Sendable {
    /// The VM named, or nil for the (first) host.
    public let vm: String?
    /// The last step to run, inclusive; nil: every step.
    public let afterStep: Int?

    /// Refuses an unknown VM or step with the names and range allowed.
    public init(_ scenario: Scenario, vm: String?, afterStep: Int?) throws(FaceError) {
        if let vm {
            if let refusal = NameKind.vm.refusal(of: vm) { throw .badInput("--vm: \(refusal)") }
            guard let spec = scenario.vm(named: vm) else {
                throw .badInput("--vm: unknown VM \(NameKind.quoted(vm)); VMs: \(scenario.vms.map(\.name).joined(separator: ", "))")
            }
            if spec.os == .linux {
                throw .badInput("--vm: \(NameKind.quoted(vm)) runs Linux, which has no VSS; \(Self.windowsMachines(scenario))")
            }
        } else if scenario.host.hypervisor == .kvm {
            // A KVM host runs Linux: no VSS on it, and no Hyper-V writer.
            throw .badInput("host \(NameKind.quoted(scenario.host.name)) is a KVM host, which has no VSS; "
                            + "name a Windows guest with --vm (\(Self.windowsMachines(scenario)))")
        }
        if let afterStep, !scenario.steps.indices.contains(afterStep) {
            let range = scenario.steps.isEmpty ? "none (the scenario has no steps)" : "0..\(scenario.steps.count - 1)"
            throw .badInput("--after-step: no step \(afterStep); steps: \(range)")
        }
        self.vm = vm
        self.afterStep = afterStep
    }

    /// The machines a face can speak to, for a refusal's message.
    private static func windowsMachines(_ scenario: Scenario) -> String {
        let windows = scenario.vms.filter { $0.os == .windows }.map(\.name)
        return windows.isEmpty ? "the scenario has no Windows guest" : "Windows guests: \(windows.joined(separator: ", "))"
    }
}

/// Why a face could not run: bad input (exit 2) or the machine (exit 3).
public enum FaceError: Error, Sendable, Equatable {
    case badInput(String)
    case environment(String)
}
