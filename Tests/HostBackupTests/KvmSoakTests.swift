@testable import HostBackup
import SnapWriter
import Testing

/// The soak's KVM hosts: their scenarios come from the seed, all parse, draw what they are
/// meant to, and the KVM invariants catch a freeze left without its thaw.
@Suite struct KvmSoakTests {
    @Test func kvmScenariosAreTheSameForTheSameSeedAndAllParse() throws {
        var first = KVMSoakScenarioGenerator(random: SeededRandom(seed: 9))
        var again = KVMSoakScenarioGenerator(random: SeededRandom(seed: 9))
        #expect(first.scenario(index: 0, seed: 5) == again.scenario(index: 0, seed: 5))
        var generator = KVMSoakScenarioGenerator(random: SeededRandom(seed: 1))
        var drawn: Set<String> = []
        for index in 0..<300 {
            let text = generator.scenario(index: index, seed: UInt64(index))
            #expect(throws: Never.self, "\(text)") { try ScenarioParser.parse(text, file: "soak.yaml") }
            for mark in ["os: linux", "running: false", "slow-backup-start", "setVssOption", "vssOption: 5",
                         "vssOption: 42", "availabilityGroups"] where text.contains(mark) {
                drawn.insert(mark)
            }
        }
        #expect(drawn.count == 7, "drawn: \(drawn.sorted())")
    }

    @Test func aQuarterOfTheRunsAreKVMHostsAndTheRestAreAsBefore() {
        let base = SeededRandom(seed: 1)
        let texts = (0..<200).map { SoakRunner.scenario(index: $0, seed: 0, base: base) }
        let kvm = texts.filter { $0.contains("hypervisor: kvm") }.count
        #expect((30...70).contains(kvm))
        var hyperV = SoakScenarioGenerator(random: base.split("scenario/3"))
        if !texts[3].contains("hypervisor: kvm") { #expect(texts[3] == hyperV.scenario(index: 3, seed: 0)) }
    }

    @Test func aFreezeWithoutItsThawBreaksAnInvariant() throws {
        var result = try ScenarioFixtures.run("""
            name: kvm-soak
            volumes: memory
            host: { name: PVE1, hypervisor: kvm }
            vms:
              - name: LNX1
                os: linux
                guestAgent: {}
            """)
        #expect(SoakInvariants(result: result).check().isEmpty)
        result.steps[0].hostBackups[0].vms[0].guestAgent?.calls.removeLast()
        #expect(SoakInvariants(result: result).check().map(\.invariant) == ["agent-thaw"])
    }
}
