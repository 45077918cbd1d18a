import Foundation
import HostBackup
import SnapWriter
import Testing

/// The backup target fails: a repository fault rule fails an image write, the host backup
/// fails naming the VM, the file and the error, keeps no image, and the next one succeeds.
struct RepositoryFaultTests {
    static func scenario(_ rule: String, steps: Int = 2) -> String {
        """
        name: repository-fault
        seed: 3
        volumes: memory
        vms:
          - name: VM1
            sql: { version: 2012-SP2-CU2, databases: [ { name: Sales } ] }
          - name: VM2
            sql: { version: 2014, databases: [ { name: Inventory } ] }
        faults:
          - \(rule)
        steps:
        \(String(repeating: "  - hostBackup: {}\n", count: steps))
        """
    }

    @Test func aFullBackupDiskFailsTheHostBackupAndTheNextOneSucceeds() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-repo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let repository = try BackupRepository.inOutputDirectory(out)
        let scenario = try ScenarioParser.parse(Self.scenario("{ repository: no-space, vm: VM2, afterBytes: 4096, times: 1 }"),
                                                file: "test.yaml")
        let result = try ScenarioRunner(scenario: scenario).run(repository: repository)
        let first = try #require(result.steps[0].hostBackup)
        #expect(!result.steps[0].ok)
        #expect(first.hresult == .diskFull)
        let failure = try #require(first.failure)
        #expect(failure.vm == "VM2")
        #expect(failure.message.contains("repository/backup-1/VM2-D.tar"))
        #expect(failure.message.contains("No space left on device"))
        #expect(first.vms.allSatisfy { $0.image == nil })
        #expect(first.vms[1].imageFailure?.injected == true)
        #expect(!FileManager.default.fileExists(atPath: out + "/repository/backup-1"))
        #expect(result.steps[1].ok)
        let sums = try String(contentsOfFile: out + "/repository/backup-2/SHA256SUMS", encoding: .utf8)
        #expect(sums.split(separator: "\n").map { $0.split(separator: " ").last.map(String.init) } == ["VM1-D.tar", "VM2-D.tar"])
        let left = try FileManager.default.contentsOfDirectory(atPath: out + "/repository/backup-2").sorted()
        #expect(left == ["SHA256SUMS", "VM1-D.tar", "VM2-D.tar"])
        let document = RunReport.json(result).serialized(indent: 2)
        #expect(document.contains("\"result\": \"succeeded\""))
    }

    @Test func anIOErrorWithoutAVMHitsTheFirstImageAndNamesTheError() throws {
        let scenario = try ScenarioParser.parse(Self.scenario("{ repository: io-error }", steps: 1), file: "test.yaml")
        let result = try ScenarioRunner(scenario: scenario).run()
        let backup = try #require(result.lastHostBackup)
        #expect(backup.hresult == .ioDevice)
        #expect(backup.failure?.vm == "VM1")
        #expect(backup.failure?.cause?.contains("Input/output error (EIO)") == true)
        #expect(backup.vms.map(\.status) == [.failed, .notAttempted])
        let json = RunReport.json(result).serialized(indent: 2)
        #expect(json.contains("\"imageFailure\""))
    }

    @Test(arguments: [
        ("{ repository: full }", "faults[0].repository", "unknown value 'full'"),
        ("{ repository: no-space, vm: VM9 }", "faults[0].vm", "unknown VM 'VM9'"),
        ("{ repository: no-space, afterBytes: -1 }", "faults[0].afterBytes", "out of range"),
        ("{ repository: no-space, times: 0 }", "faults[0].times", "out of range"),
        ("{ repository: no-space, host: vm-stops }", "faults[0]", "one of 'writer', 'volume', 'host' or 'repository'"),
        ("{ repository: io-error, event: freeze }", "faults[0]", "unknown key 'event'"),
    ])
    func aBadRuleIsRefused(rule: String, key: String, message: String) {
        do {
            _ = try ScenarioParser.parse(Self.scenario(rule), file: "test.yaml")
            Issue.record("accepted \(rule)")
        } catch {
            #expect(error.key == key)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
