import SnapWriter

/// The invariants checked after every soak run, on the values its world ended with (the run
/// audits acknowledged writes: `RunAudit.acknowledgedWrites`).
struct SoakInvariants {
    let result: RunResult

    /// Every broken invariant: (name, detail).
    func check() -> [(invariant: String, detail: String)] {
        acknowledgedWrites() + imageVerdicts() + imagesStored() + writerTransitions() + freezesEnded() + frozenDatabasesResumed()
            + agentsThawed()
    }

    private var end: WorldState { result.end }

    /// Every write SQL Server saw acknowledged is on its volume: log blocks up to the last
    /// flush, and every page as last written. A VM that stopped lost only writes it was
    /// never told were done; a SUSPECT database's last write failed, so both are skipped.
    func acknowledgedWrites() -> [(invariant: String, detail: String)] {
        var broken: [(String, String)] = []
        for vm in end.vms {
            for database in vm.sql?.databases ?? [] {
                for missing in database.missingAcknowledgedWrites ?? [] {
                    broken.append(("acknowledged-writes", "\(vm.name) \(database.name): \(missing)"))
                }
            }
        }
        return broken
    }

    /// Every image verifies as its method promises: application-consistent when the SQL
    /// writer froze every database of the guest's volume for a child VM snapshot, never that
    /// for a saved-state or offline copy, and never torn unless an I/O error left a
    /// database SUSPECT (which the run reports).
    func imageVerdicts() -> [(invariant: String, detail: String)] {
        var broken: [(String, String)] = []
        for step in result.steps {
            guard let backup = step.hostBackup else { continue }
            for vmResult in backup.vms {
                guard let image = vmResult.image, let vm = end.vm(named: vmResult.vm) else { continue }
                let place = "step \(step.index), \(vmResult.vm)"
                let databases = vm.sql?.databases ?? []
                let allFrozen = !databases.isEmpty && databases.allSatisfy { database in
                    vmResult.databases.contains { $0.database == database.name && $0.backupSet != nil }
                }
                switch (vmResult.method, image.consistency) {
                case (_, .torn) where !databases.contains(where: { $0.state == .suspect }):
                    broken.append(("image-verdict", "\(place): image torn with no I/O error reported"))
                case (.savedState, .applicationConsistent):
                    broken.append(("image-verdict", "\(place): a saved-state image passed as application-consistent"))
                case (.childVMSnapshot, let verdict) where allFrozen && verdict != .applicationConsistent:
                    broken.append(("image-verdict", "\(place): every database was frozen, yet the image is \(verdict.rawValue)"))
                default:
                    break
                }
            }
        }
        return broken
    }

    /// A host backup is a success only with every VM's image stored: one whose image could
    /// not be stored failed, with no image kept for any VM, and one that succeeded has an
    /// image of every VM.
    func imagesStored() -> [(invariant: String, detail: String)] {
        var broken: [(String, String)] = []
        for step in result.steps {
            guard let backup = step.hostBackup else { continue }
            let place = "step \(step.index)"
            let unstored = backup.vms.filter { $0.imageFailure != nil }.map(\.vm)
            if !unstored.isEmpty, backup.succeeded {
                broken.append(("image-stored", "\(place): succeeded without the image of \(unstored.joined(separator: ", "))"))
            }
            // A KVM host keeps each VM's backup on its own: the others' images stay.
            if !backup.succeeded, backup.hypervisor == .hyperV, let kept = backup.vms.first(where: { $0.image != nil }) {
                broken.append(("image-stored", "\(place): failed, yet \(kept.vm)'s image is kept"))
            }
            if backup.succeeded, let missing = backup.vms.first(where: { $0.image == nil }) {
                broken.append(("image-stored", "\(place): succeeded without an image of \(missing.vm)"))
            }
        }
        return broken
    }

    /// Writer states move only along the transitions Windows reports, and a new backup
    /// session asks a failed writer again only when its failure was that session's veto.
    func writerTransitions() -> [(invariant: String, detail: String)] {
        let machines = [end.host.transitions] + end.vms.map(\.transitions)
        let broken = machines.flatMap { $0.filter { !$0.isLegal } + WriterTransition.illegalClearances(in: $0) }
        return broken.map { transition in
            ("writer-transitions", "\(transition.writer): \(transition.from.name) → \(transition.to.name) (\(transition.cause))")
        }
    }

    /// Every Freeze a writer received is followed by its Thaw or an Abort, unless its
    /// machine stopped first.
    func freezesEnded() -> [(invariant: String, detail: String)] {
        var open: [String: Int] = [:]
        var broken: [(String, String)] = []
        for event in end.events {
            switch event.event {
            case "Freeze":
                if open[event.scope] != nil {
                    broken.append(("freeze-thaw", "\(event.scope): a second Freeze at event \(event.seq) before Thaw or Abort"))
                }
                open[event.scope] = event.seq
            case "Thaw", "Abort":
                open[event.scope] = nil
            case "PoweredOff":
                let machine = String(event.scope.dropLast("/VSS".count))
                open = open.filter { !$0.key.hasPrefix(machine + "/") }
            default:
                break
            }
        }
        for (scope, seq) in open.sorted(by: { $0.value < $1.value }) {
            broken.append(("freeze-thaw", "\(scope): Freeze at event \(seq) never got Thaw or Abort"))
        }
        return broken
    }

    /// A KVM host sends the thaw after every freeze it sent, even one that failed; after
    /// it, no guest volume is left holding writes, and a VM's image is application-consistent
    /// only where the verifier found every database frozen.
    func agentsThawed() -> [(invariant: String, detail: String)] {
        var broken: [(String, String)] = []
        for step in result.steps {
            for backup in step.hostBackups where backup.hypervisor == .kvm {
                for vm in backup.vms {
                    let commands = vm.guestAgent?.calls.map(\.command) ?? []
                    if let freeze = commands.firstIndex(of: "guest-fsfreeze-freeze"),
                       !commands[freeze...].contains("guest-fsfreeze-thaw") {
                        broken.append(("agent-thaw", "step \(step.index), \(vm.vm): a freeze without a thaw"))
                    }
                    if vm.guestAgent?.frozen == true, vm.method != .guestAgentFreeze {
                        broken.append(("agent-thaw", "step \(step.index), \(vm.vm): frozen, yet reported \(vm.method.rawValue)"))
                    }
                    if let image = vm.image, image.consistency == .applicationConsistent,
                       !image.verification.databases.allSatisfy(\.quiesced) {
                        broken.append(("image-verdict", "step \(step.index), \(vm.vm): application-consistent with a "
                            + "database not frozen"))
                    }
                }
            }
        }
        return broken
    }

    /// Every database whose I/O SQL Server froze (3197) had it resumed (3198), unless its
    /// machine stopped while it was frozen.
    func frozenDatabasesResumed() -> [(invariant: String, detail: String)] {
        var broken: [(String, String)] = []
        for vm in end.vms {
            guard let instance = vm.sql else { continue }
            for database in instance.databases {
                let frozen = instance.errorLog.filter { $0.hasPrefix("I/O is frozen on database \(database.name).") }.count
                let resumed = instance.errorLog.filter { $0.hasPrefix("I/O was resumed on database \(database.name).") }.count
                let allowed = vm.isPoweredOff ? 1 : 0
                if frozen - resumed > allowed || resumed > frozen {
                    broken.append(("3197-3198", "\(vm.name) \(database.name): 3197 \(frozen) times, 3198 \(resumed) times"))
                }
            }
        }
        return broken
    }
}
