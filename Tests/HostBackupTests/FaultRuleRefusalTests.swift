import Foundation
import HostBackup
import SnapWriter
import Testing

/// Volume and host fault rules the parser refuses: where, under which key, and what it allows.
@Suite("Scenario parser: volume and host fault rules")
struct FaultRuleRefusalTests {
    static let operations = "read, write, fsync, create, open, truncate, unlink, rename, mkdir, rmdir, readdir"
    static let errnos = "EIO, ENOSPC, EROFS, ENXIO, EACCES, EPERM, EDQUOT, ENOMEM, ETIMEDOUT, EFBIG, EAGAIN"
    static let volumeKeys = "vm, volume, operation, path, errno, latencyMs, probability, times"
    static let hostKinds = "vm-stops, integration-service-silent, second-backup, requester-disappears, slow-backup-start"

    /// `topology` with one fault rule on line 13.
    static func fault(_ rule: String) -> String { topology + "faults:\n  - \(rule)\n" }

    static let refusals: [Refusal] = [
        // One kind of rule per item.
        Refusal("writer and volume", fault(#"{ vm: VM1, writer: System Writer, volume: "D:", operation: write, errno: EIO }"#),
                at: 13, 5, key: "faults[0]", "a fault rule has one of 'writer', 'volume', 'host' or 'repository', not writer and volume"),
        Refusal("writer and host", fault("{ vm: VM1, writer: System Writer, host: vm-stops }"),
                at: 13, 5, key: "faults[0]", "a fault rule has one of 'writer', 'volume', 'host' or 'repository', not writer and host"),
        Refusal("volume and host", fault(#"{ vm: VM1, volume: "D:", operation: write, errno: EIO, host: vm-stops }"#),
                at: 13, 5, key: "faults[0]", "a fault rule has one of 'writer', 'volume', 'host' or 'repository', not volume and host"),

        // Volume rules.
        Refusal("volume fault without errno or latencyMs", fault(#"{ vm: VM1, volume: "D:", operation: write }"#),
                at: 13, 5, key: "faults[0]",
                "a volume fault needs 'errno' (the operation fails), 'latencyMs' (it is slow) or both"),
        Refusal("volume fault with only a zero latency", fault(#"{ vm: VM1, volume: "D:", operation: fsync, latencyMs: 0 }"#),
                at: 13, 5, key: "faults[0]",
                "a volume fault needs 'errno' (the operation fails), 'latencyMs' (it is slow) or both"),
        Refusal("unknown errno", fault(#"{ vm: VM1, volume: "D:", operation: write, errno: EBADF }"#),
                at: 13, 55, key: "faults[0].errno", "unknown value 'EBADF'; allowed: \(errnos)"),
        Refusal("probability above 1", fault(#"{ vm: VM1, volume: "D:", operation: write, errno: EIO, probability: 1.5 }"#),
                at: 13, 73, key: "faults[0].probability", "1.5 is out of range; allowed: a number above 0, at most 1"),
        Refusal("unknown operation", fault(#"{ vm: VM1, volume: "D:", operation: append, errno: EIO }"#),
                at: 13, 41, key: "faults[0].operation", "unknown value 'append'; allowed: \(operations)"),
        Refusal("operation missing", fault(#"{ vm: VM1, volume: "D:", errno: EIO }"#),
                at: 13, 5, key: "faults[0].operation", "missing required key 'operation'; allowed: \(operations)"),
        Refusal("a volume other than D:", fault(#"{ vm: VM1, volume: "C:", operation: write, errno: EIO }"#),
                at: 13, 24, key: "faults[0].volume", "unknown value 'C:'; allowed: D:"),
        Refusal("volume fault on an unknown VM", fault(#"{ vm: VM9, volume: "D:", operation: write, errno: EIO }"#),
                at: 13, 11, key: "faults[0].vm", "unknown VM 'VM9'; VMs: VM1, VM2, VM3"),
        Refusal("volume fault without a VM", fault(#"{ volume: "D:", operation: write, errno: EIO }"#),
                at: 13, 5, key: "faults[0].vm", "missing required key 'vm'"),
        Refusal("path that names no file", fault(#"{ vm: VM1, volume: "D:", operation: write, errno: EIO, path: "/" }"#),
                at: 13, 66, key: "faults[0].path", "expected a file or directory on the volume, such as Data/Sales_log.ldf"),
        Refusal("times zero on a volume fault", fault(#"{ vm: VM1, volume: "D:", operation: write, errno: EIO, times: 0 }"#),
                at: 13, 67, key: "faults[0].times", "0 is out of range; allowed: 1 or more"),
        Refusal("negative latency", fault(#"{ vm: VM1, volume: "D:", operation: write, errno: EIO, latencyMs: -1 }"#),
                at: 13, 71, key: "faults[0].latencyMs", "-1 is out of range; allowed: 0..3600000"),
        Refusal("a writer key on a volume fault", fault(#"{ vm: VM1, volume: "D:", operation: write, errno: EIO, event: freeze }"#),
                at: 13, 60, key: "faults[0]", "unknown key 'event'; allowed: \(volumeKeys)"),

        // Host rules.
        Refusal("vm on second-backup", fault("{ host: second-backup, vm: VM1 }"),
                at: 13, 28, key: "faults[0]", "'vm' does not apply to host: second-backup, which acts on the host"),
        Refusal("event on integration-service-silent", fault("{ host: integration-service-silent, vm: VM1, event: freeze }"),
                at: 13, 57, key: "faults[0].event",
                "'event' does not apply to host: integration-service-silent; it hits the whole guest backup"),
        Refusal("event not allowed for requester-disappears", fault("{ host: requester-disappears, vm: VM1, event: freeze }"),
                at: 13, 51, key: "faults[0].event", "unknown value 'freeze'; allowed: identify, prepare-backup, post-snapshot"),
        Refusal("identify for vm-stops", fault("{ host: vm-stops, vm: VM1, event: identify }"),
                at: 13, 39, key: "faults[0].event",
                "unknown value 'identify'; allowed: prepare-backup, prepare-snapshot, freeze, thaw, post-snapshot, backup-complete"),
        Refusal("backup-complete for second-backup", fault("{ host: second-backup, event: backup-complete }"),
                at: 13, 35, key: "faults[0].event",
                "unknown value 'backup-complete'; allowed: prepare-backup, prepare-snapshot, freeze, thaw, post-snapshot"),
        Refusal("host fault on an unknown VM", fault("{ host: vm-stops, vm: VM9 }"),
                at: 13, 27, key: "faults[0].vm", "unknown VM 'VM9'; VMs: VM1, VM2, VM3"),
        Refusal("requester-disappears on an unknown VM", fault("{ host: requester-disappears, vm: VM4 }"),
                at: 13, 39, key: "faults[0].vm", "unknown VM 'VM4'; VMs: VM1, VM2, VM3"),
        Refusal("vm-stops without a VM", fault("{ host: vm-stops }"),
                at: 13, 5, key: "faults[0].vm", "missing required key 'vm'"),
        Refusal("unknown host fault", fault("{ host: crash, vm: VM1 }"),
                at: 13, 13, key: "faults[0].host", "unknown value 'crash'; allowed: \(hostKinds)"),
        Refusal("a writer key on a host fault", fault("{ host: vm-stops, vm: VM1, action: fail }"),
                at: 13, 32, key: "faults[0]", "unknown key 'action'; allowed: host, vm, event, times, seconds"),
        Refusal("times zero on a host fault", fault("{ host: vm-stops, vm: VM1, times: 0 }"),
                at: 13, 39, key: "faults[0].times", "0 is out of range; allowed: 1 or more"),
    ]

    @Test(arguments: refusals)
    func refuses(_ refusal: Refusal) {
        refusal.check()
    }

    @Test func volumeAndHostRulesAreReadWithTheirDefaults() throws {
        let scenario = try ScenarioParser.parse(topology + #"""
            faults:
              - { vm: VM1, volume: "D:", operation: write, path: 'D:\Data\Sales_log.ldf', errno: EIO }
              - { vm: VM2, volume: "D:", operation: fsync, latencyMs: 250, probability: 0.25, times: 3 }
              - { host: vm-stops, vm: VM1 }
              - { host: integration-service-silent, vm: VM2, times: 2 }
              - { host: second-backup }
              - { host: requester-disappears, vm: VM1, event: identify }
              - { vm: VM3, writer: WMI Writer, event: freeze, action: hang }
            """#, file: "faults.yaml")
        #expect(scenario.faults.count == 1)
        #expect(scenario.volumeFaults.map(\.vm) == ["VM1", "VM2"])
        let log = scenario.volumeFaults[0].rule
        #expect(log.path == "Data/Sales_log.ldf")
        #expect(log.error == OperatingSystemError.named("EIO"))
        #expect(log.latency == .zero)
        #expect(log.probability == 1)
        #expect(log.times == nil)
        let slow = scenario.volumeFaults[1].rule
        #expect(slow.operation == .fsync)
        #expect(slow.error == nil)
        #expect(slow.latency == .milliseconds(250))
        #expect(slow.probability == 0.25)
        #expect(slow.times == 3)
        #expect(scenario.volumeFaults[1].location == SourceLocation(file: "faults.yaml", line: 14, column: 5))
        #expect(scenario.hostFaults.map(\.kind) == [.vmStops, .integrationServiceSilent, .secondBackup, .requesterDisappears])
        #expect(scenario.hostFaults.map(\.event) == [.freeze, nil, .freeze, .identify], "defaults: freeze, none, freeze")
        #expect(scenario.hostFaults.map(\.vm) == ["VM1", "VM2", nil, "VM1"])
        #expect(scenario.hostFaults.map(\.times) == [nil, 2, nil, nil])
    }

    @Test func requesterDisappearsDefaultsToPostSnapshot() throws {
        let scenario = try ScenarioParser.parse(Self.fault("{ host: requester-disappears, vm: VM3 }"), file: "t.yaml")
        #expect(scenario.hostFaults.first?.event == .postSnapshot)
    }

    @Test func theCLIRefusesABadFaultRuleWithExitTwo() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fault-refusal-\(UUID().uuidString).yaml")
        try Self.fault(#"{ vm: VM1, volume: "D:", operation: write, errno: EBADF }"#)
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLIProcess.run(["run", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(file.path):13:55: faults[0].errno: unknown value 'EBADF'; allowed: \(Self.errnos)"))
        #expect(result.stdout.isEmpty, "nothing ran")
    }
}
