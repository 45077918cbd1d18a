import SnapWriter

/// Fault rules that change while a world lives (`serve`'s `/faults`): the writers wrapped for
/// them, and replacing every kind of rule at once.
final class FaultWriters {
    /// Wrap every writer, even one without a rule yet.
    let always: Bool
    private(set) var wrapped: [(vm: String?, writer: FaultInjectingWriter)] = []

    init(always: Bool) {
        self.always = always
    }

    /// `writer` wrapped with the rules for it, if any (or always, when asked).
    func wrap(_ writer: Writer, vm: String?, rules: [FaultRule]) -> Writer {
        let faults = Self.faults(rules, vm: vm, writer: writer.identity.name)
        guard always || !faults.isEmpty else { return writer }
        let injecting = FaultInjectingWriter(writer, faults: faults)
        wrapped.append((vm, injecting))
        return injecting
    }

    /// The writer faults the scenario's rules give one writer on one machine.
    static func faults(_ rules: [FaultRule], vm: String?, writer: String) -> [WriterFault] {
        rules.filter { $0.vm == vm && $0.writer == writer }.map { rule in
            let action: WriterFault.Action = switch rule.action {
            case .fail(let failure, let pause): .fail(failure, after: .milliseconds(pause))
            case .hang: .hang
            case .delay(let milliseconds): .delay(.milliseconds(milliseconds))
            }
            return WriterFault(event: rule.event, action: action, times: rule.times)
        }
    }
}

extension World {
    /// Arms `rules` instead of those armed now; every rule's count starts again. Writer rules
    /// reach only writers wrapped when the world was built (`adjustableFaults`).
    public func replaceFaults(_ rules: FaultRules) {
        for (vm, writer) in faultWriters.wrapped {
            writer.replaceFaults(FaultWriters.faults(rules.writers, vm: vm, writer: writer.identity.name))
        }
        for vm in host.vms {
            vm.guest.dataVolume.faults.replace(rules.volumes.filter { $0.vm == vm.name }.map(\.rule))
        }
        hostFaults = rules.host.isEmpty ? nil : HostFaultPlan(rules: rules.host)
        repositoryFaults = rules.repository.isEmpty ? nil : RepositoryFaultPlan(rules: rules.repository)
    }
}
