import Foundation
@testable import HostBackup
import Testing

/// `snapwriter vssadmin list …`: vssadmin's own shape, byte for byte with the instance ids
/// masked, and the view after the step asked for.
@Suite struct VssadminFaceTests {
    /// Writer instance ids are drawn from the seed; the golden text masks them.
    static func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #"Writer Instance Id: \{[0-9a-f-]{36}\}"#, with: "Writer Instance Id: {…}",
                                  options: .regularExpression)
    }

    @Test func listWritersOnTheSP1SecondaryPrintsVssadminsBlocks() throws {
        let outcome = try CLIProcess.run(["vssadmin", "list", "writers", "--scenario", "examples/three-vms.yaml", "--vm", "VM3"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let golden = """
            vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool
            (C) Copyright 2001-2013 Microsoft Corp.

            Writer name: 'SqlServerWriter'
               Writer Id: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}
               Writer Instance Id: {…}
               State: [8] Failed
               Last error: Non-retryable error

            """
        #expect(Self.masked(outcome.stdout).hasPrefix(golden), "\(outcome.stdout)")
        #expect(outcome.stdout.hasSuffix("\n\n"))
    }

    @Test func theViewIsTakenAfterTheStepAskedFor() throws {
        let scenario = "examples/ag-secondary-fails-then-failover-succeeds.yaml"
        let text = try String(contentsOfFile: CLIProcess.packageRoot.appendingPathComponent(scenario).path, encoding: .utf8)
        let parsed = try ScenarioParser.parse(text, file: scenario)
        let first = try MachineView.take(parsed, vm: "VM3", afterStep: 0)
        #expect(first.writers.first { $0.name == "SqlServerWriter" }?.state == .failedAtPrepareSnapshot)
        let last = try MachineView.take(parsed, vm: "VM3", afterStep: parsed.steps.count - 1)
        #expect(last.writers.first { $0.name == "SqlServerWriter" }?.state != .failedAtPrepareSnapshot,
                "the next backup asked the writer again, after the failover")
    }

    @Test func providersShadowsAndRefusals() throws {
        let providers = try CLIProcess.run(["vssadmin", "list", "providers", "--scenario", "examples/three-vms.yaml"])
        #expect(providers.stdout.hasSuffix("""
            Provider name: 'Microsoft Software Shadow Copy provider 1.0'
               Provider type: System
               Provider Id: {b5946137-7b9f-4925-af80-51abd60b20d5}
               Version: 1.0.0.7


            """))
        let shadows = try CLIProcess.run(["vssadmin", "list", "shadows", "--scenario", "examples/three-vms.yaml"])
        #expect(shadows.stdout.hasSuffix("\nNo items found that satisfy the query.\n"))
        let unknown = try CLIProcess.run(["vssadmin", "list", "writers", "--scenario", "examples/three-vms.yaml", "--vm", "VM9"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--vm: unknown VM 'VM9'; VMs: VM1, VM2, VM3"))
        let step = try CLIProcess.run(["vssadmin", "list", "writers", "--scenario", "examples/three-vms.yaml", "--after-step", "4"])
        #expect(step.status == 2 && step.stderr.contains("--after-step: no step 4; steps: 0..0"))
    }

    /// A KVM host and a Linux guest run no VSS: the faces refuse them, naming the Windows
    /// guests; a Windows guest with the QEMU guest agent lists its provider next to Windows'.
    @Test func kvmMachinesWithoutVSSAreRefusedAndTheAgentsProviderIsListed() throws {
        let scenario = "examples/kvm-hold-timeout.yaml"
        let host = try CLIProcess.run(["vssadmin", "list", "writers", "--scenario", scenario])
        #expect(host.status == 2 && host.stderr.contains("host 'PVE1' is a KVM host, which has no VSS"))
        #expect(host.stdout.isEmpty)
        let linux = try CLIProcess.run(["vshadow", "-ws", "--scenario", scenario, "--vm", "LNX1"])
        #expect(linux.status == 2 && linux.stderr.contains("--vm: 'LNX1' runs Linux, which has no VSS; Windows guests: WIN1"))
        let providers = try CLIProcess.run(["vssadmin", "list", "providers", "--scenario", scenario, "--vm", "WIN1"])
        #expect(providers.status == 0)
        #expect(providers.stdout.hasSuffix("""
            Provider name: 'Microsoft Software Shadow Copy provider 1.0'
               Provider type: System
               Provider Id: {b5946137-7b9f-4925-af80-51abd60b20d5}
               Version: 1.0.0.7

            Provider name: 'QEMU Guest Agent VSS Provider'
               Provider type: Software
               Provider Id: {3629d4ed-ee09-4e0e-9a5c-6d8ba2872aef}
               Version: 10.2.0


            """))
    }
}
