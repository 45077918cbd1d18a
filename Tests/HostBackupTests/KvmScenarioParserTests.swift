import HostBackup
import Testing

/// The KVM keys are checked like every other: each misplaced one is refused where it is
/// written, naming the key and what is allowed.
@Suite struct KvmScenarioParserTests {
    static func file(host: String = "  hypervisor: kvm", vm: String, steps: String = "") -> String {
        """
        name: kvm
        host:
          name: PVE1
        \(host)
        vms:
          - name: WIN1
        \(vm)
        \(steps)
        """
    }

    static let refusals: [Refusal] = [
        Refusal("a guest agent on a Hyper-V host", file(host: "", vm: "    guestAgent: {}"), at: 7, 5, key: "vms[0]",
                "guestAgent is the QEMU guest agent of a kvm host; this host runs hyper-v, whose guests are reached "
                    + "through backupIntegrationService"),
        Refusal("a vssOption on a Linux guest", file(vm: "    os: linux\n    guestAgent: { vssOption: 5 }"), at: 8, 30,
                key: "vms[0].guestAgent.vssOption",
                "vssOption is a registry value of the agent's Windows build; this VM runs linux, whose agent freezes "
                    + "file systems without VSS"),
        Refusal("SQL Server on a Linux guest",
                file(vm: "    os: linux\n    sql: { version: 2019, databases: [ { name: Sales } ] }"), at: 8, 5,
                key: "vms[0]", "SQL Server runs only on windows guests; WIN1 runs linux"),
        Refusal("a Linux guest on a Hyper-V host", file(host: "", vm: "    os: linux"), at: 7, 9, key: "vms[0].os",
                "linux guests are modelled on kvm hosts only; this host runs hyper-v (set the host's hypervisor: kvm)"),
        Refusal("a backup type on a KVM host", file(host: "  hypervisor: kvm\n  backupType: copy", vm: ""), at: 5, 15,
                key: "host.backupType",
                "backupType is what a Hyper-V host's requestor asks for; a kvm host's backup has none: the guest "
                    + "agent's VssOption decides what a Windows guest's writers are asked for"),
        Refusal("setVssOption on a VM without an agent",
                file(vm: "", steps: "steps:\n  - setVssOption: { vm: WIN1, value: 5 }"), at: 9, 25,
                key: "steps[0].setVssOption.vm", "WIN1 has no guestAgent; Windows VMs with a guest agent: none"),
        Refusal("setVssOption on a Linux guest",
                file(vm: "    os: linux\n    guestAgent: {}", steps: "steps:\n  - setVssOption: { vm: WIN1, value: 5 }"),
                at: 10, 25, key: "steps[0].setVssOption.vm",
                "WIN1 runs linux, whose agent has no VssOption; Windows VMs with a guest agent: none"),
        Refusal("a vssOption that is no DWORD", file(vm: "    guestAgent: { vssOption: -1 }"), at: 7, 30,
                key: "vms[0].guestAgent.vssOption", "-1 is out of range; allowed: 0..4294967295"),
        Refusal("a slow backup start on a Hyper-V host",
                file(host: "", vm: "", steps: "faults:\n  - { host: slow-backup-start, vm: WIN1, seconds: 12 }"),
                at: 9, 36, key: "faults[0].vm",
                "host: slow-backup-start breaks a kvm host's backup; WIN1 runs on a hyper-v host"),
        Refusal("a slow backup start without seconds",
                file(vm: "    guestAgent: {}", steps: "faults:\n  - { host: slow-backup-start, vm: WIN1 }"),
                at: 9, 5, key: "faults[0].seconds", "missing required key 'seconds'; allowed: seconds, above 0"),
    ]

    @Test(arguments: refusals)
    func refuses(_ refusal: Refusal) {
        refusal.check()
    }

    @Test func readsEveryKey() throws {
        let scenario = try ScenarioParser.parse(Self.file(
            vm: "    guestAgent: { vssOption: 42, running: false }\n  - name: LNX1\n    os: linux\n    guestAgent: {}",
            steps: "faults:\n  - { host: slow-backup-start, vm: WIN1, seconds: 12.5, times: 1 }\n"
                + "steps:\n  - setVssOption: { vm: WIN1, value: 5 }\n  - hostBackup"), file: "test.yaml")
        #expect(scenario.host.hypervisor == .kvm)
        let windows = try #require(scenario.vm(named: "WIN1"))
        #expect(windows.os == .windows)
        #expect(windows.guestAgent?.vssOption == 42)
        #expect(windows.guestAgent?.running == false)
        #expect(scenario.vm(named: "LNX1")?.os == .linux)
        #expect(scenario.vm(named: "LNX1")?.guestAgent?.vssOption == 1)
        #expect(scenario.hostFaults.first?.kind == .slowBackupStart)
        #expect(scenario.hostFaults.first?.seconds == 12.5)
        guard case .setVssOption(let vm, let value) = scenario.steps[0].kind else {
            Issue.record("step 0 is \(scenario.steps[0].keyword)")
            return
        }
        #expect(vm == "WIN1" && value == 5)
    }

    /// A fleet may mix hypervisors: each host's VMs are checked against their own host.
    @Test func fleetMixesHypervisors() throws {
        let scenario = try ScenarioParser.parse("""
            name: mixed
            hosts:
              - name: HV01
                vms:
                  - name: VM1
              - name: PVE1
                hypervisor: kvm
                vms:
                  - name: WIN1
                    guestAgent: {}
            faults:
              - { host: slow-backup-start, vm: WIN1, seconds: 3 }
            """, file: "test.yaml")
        #expect(scenario.hosts.map(\.hypervisor) == [.hyperV, .kvm])
    }
}
