import Crypto
import Foundation
import HostBackup
import SnapWriter
import Testing

/// The host backup's data path: each VM's D: copied into the repository from its snapshot,
/// stored with its size and SHA-256, verified, and kept only when the host backup succeeded.
@Suite struct BackupImageTests {
    /// A run whose images go into a repository under a fresh directory, as `run --out` does.
    static func run(_ yaml: String) throws -> (RunResult, URL) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-images-\(UUID().uuidString)")
        let repository = try BackupRepository.inOutputDirectory(out.path)
        let result = try ScenarioRunner(scenario: ScenarioParser.parse(yaml, file: "test.yaml")).run(repository: repository)
        return (result, out)
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    @Test func eachImageIsOneFileWhoseSizeAndSHA256AreTheReportedOnes() throws {
        let (result, out) = try Self.run(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2"))
        defer { try? FileManager.default.removeItem(at: out) }
        let host = try #require(result.lastHostBackup)
        #expect(host.succeeded)
        var sums: [String] = []
        for vm in host.vms {
            let image = try #require(vm.image, "\(vm.vm)")
            #expect(image.reportedPath == "repository/backup-1/\(vm.vm)-D.tar")
            let onDisk = try Data(contentsOf: out.appendingPathComponent(try #require(image.reportedPath)))
            #expect(onDisk.count == image.bytes)
            #expect(Self.sha256(onDisk) == image.sha256)
            #expect(image.volume == "D:" && image.source == .guestShadowCopy && image.snapshotId != nil)
            sums.append("\(image.sha256)  \(vm.vm)-D.tar")
        }
        let listed = try String(contentsOf: out.appendingPathComponent("repository/backup-1/SHA256SUMS"), encoding: .utf8)
        #expect(listed == sums.joined(separator: "\n") + "\n")
        #expect(result.vm("VM1")?.image?.files.map(\.path)
            == ["Data/Inventory.mdf", "Data/Inventory_log.ldf", "Data/Sales.mdf", "Data/Sales_log.ldf"])
        #expect(result.vm("VM2")?.image?.files.isEmpty == true, "VM2 runs no SQL Server: its D: is empty")
    }

    @Test func anSP2CU2HostBackupGivesApplicationConsistentImagesOfItsSQLVMs() throws {
        let (result, out) = try Self.run(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2"))
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(result.vm("VM1")?.image?.consistency == .applicationConsistent)
        #expect(result.vm("VM3")?.image?.consistency == .applicationConsistent, "the copy-only secondary was frozen too")
        #expect(result.vm("VM2")?.image?.consistency == .crashConsistent, "no SQL Server quiesced anything there")
        let check = try #require(result.vm("VM3")?.image?.verification.databases.first)
        #expect(check.quiesced && check.problems.isEmpty && check.pagesChecked == DataFileLayout.pagesInUse)
    }

    @Test func savedStateAndOfflineImagesAreCrashConsistentNeverApplicationConsistent() throws {
        let yaml = ScenarioFixtures.threeVMs(version: "2012-SP2-CU2")
            .replacingOccurrences(of: "  - name: VM3\n", with: "  - name: VM3\n    backupIntegrationService: false\n")
            .replacingOccurrences(of: "  - name: VM1\n", with: "  - name: VM1\n    state: off\n")
        let (result, out) = try Self.run(yaml + "\nsteps:\n  - workload: { seconds: 20 }\n  - hostBackup\n")
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(result.lastHostBackup?.succeeded == true)
        let saved = try #require(result.vm("VM3")?.image)
        let offline = try #require(result.vm("VM1")?.image)
        #expect(saved.source == .savedState && offline.source == .offline)
        for image in [saved, offline] {
            #expect(image.consistency == .crashConsistent, "\(image.vm)")
            #expect(image.snapshotId == nil)
            #expect(!image.verification.databases.isEmpty && image.verification.databases.allSatisfy { !$0.quiesced })
            #expect(image.verification.problems.isEmpty)
        }
        #expect(result.events("ImageCopied").contains { $0.detail.hasPrefix("VM3 D: from the saved VM's disk") })
    }

    @Test(arguments: ["identify", "skipped"])
    func aSnapshotTheSQLWriterDidNotQuiesceIsCrashConsistent(why: String) throws {
        let yaml = why == "identify"
            ? ScenarioFixtures.threeVMs(version: "2012-SP2-CU2", extra: """
                faults:
                  - vm: VM1
                    writer: SqlServerWriter
                    event: identify
                    action: fail
                    error: retryable
                """)
            : ScenarioFixtures.threeVMs(version: "2016", edition: "standard")
        let (result, out) = try Self.run(yaml)
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(result.lastHostBackup?.succeeded == true)
        let vm = why == "identify" ? "VM1" : "VM3"
        #expect(result.vm(vm)?.image?.consistency == .crashConsistent)
    }

    @Test func aFailedHostBackupKeepsNoImages() throws {
        let (result, out) = try Self.run(ScenarioFixtures.threeVMs(version: "2012-SP1"))
        defer { try? FileManager.default.removeItem(at: out) }
        let host = try #require(result.lastHostBackup)
        #expect(!host.succeeded)
        #expect(result.events("ImageCopied").count == 2, "VM1 and VM2 were copied before VM3 failed")
        #expect(host.vms.allSatisfy { $0.image == nil })
        let repository = out.appendingPathComponent("repository")
        #expect(try FileManager.default.contentsOfDirectory(atPath: repository.path).isEmpty)
        #expect(result.events("ImagesDiscarded").count == 1)
        let json = RunReport.json(result)
        guard case .array(let vms)? = json["vms"] else {
            Issue.record("no vms in the run document")
            return
        }
        #expect(vms.allSatisfy { $0["image"] == .null })
    }

    /// The copy reads the guest's shadow copy while it exists: after the guest's snapshot is
    /// committed and before the guest's BackupComplete.
    @Test func theHostCopiesAChildSnapshotWhileTheGuestsShadowCopyExists() throws {
        let (result, out) = try Self.run(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2"))
        defer { try? FileManager.default.removeItem(at: out) }
        let events = result.events
        let snapshot = try #require(result.vm("VM1")?.image?.snapshotId)
        let copied = try #require(events.firstIndex { $0.event == "ImageCopied" && $0.detail.hasPrefix("VM1 ") })
        let committed = try #require(events.firstIndex {
            $0.scope.hasPrefix("HV01/VM1") && $0.event == "CommitSnapshots" && $0.detail == "D: shadow copy \(snapshot)"
        })
        let completed = try #require(events.firstIndex {
            $0.scope == "HV01/VM1/SqlServerWriter" && $0.event == "BackupComplete"
        })
        #expect(committed < copied && copied < completed)
        #expect(events[copied].scope == "HV01/requestor")
        #expect(events[copied].detail.contains(snapshot))
    }

    @Test func aDamagedPageIsListedAndTheVerdictStillComputed() throws {
        let yaml = ScenarioFixtures.threeVMs(version: "2012-SP2-CU2") + """

            steps:
              - workload: { seconds: 10 }
              - corruptPage: { vm: VM1, database: Sales, page: 42 }
              - hostBackup
            """
        let (result, out) = try Self.run(yaml)
        defer { try? FileManager.default.removeItem(at: out) }
        let image = try #require(result.vm("VM1")?.image)
        #expect(image.consistency == .applicationConsistent)
        #expect(image.verification.problems.map(\.kind) == [.damaged])
        #expect(image.verification.problems.first?.page == PageID(page: 42))
        #expect(result.vm("VM3")?.image?.verification.problems.isEmpty == true, "the secondary's disk is clean")
    }

    @Test func withoutARepositoryImagesAreVerifiedAndReportedWithoutAPath() throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2"))
        let image = try #require(result.vm("VM1")?.image)
        #expect(image.reportedPath == nil)
        #expect(image.consistency == .applicationConsistent)
        #expect(!FileManager.default.fileExists(atPath: image.absolutePath), "the temporary repository is gone")
        let json = RunReport.json(result)
        guard case .array(let vms)? = json["vms"], let first = vms.first?["image"] else {
            Issue.record("no image in the run document")
            return
        }
        #expect(first["path"] == .null)
        #expect(first["sha256"] == .string(image.sha256))
        #expect(first["consistency"] == .string("application-consistent"))
        #expect(first["bytes"] == .int(image.bytes))
    }

    @Test func theTextReportHasALinePerVMWithItsVerdict() throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2"))
        let lines = RunTextReport.render(result).split(separator: "\n").map(String.init)
        for (vm, verdict) in [("VM1", "application-consistent"), ("VM2", "crash-consistent"),
                              ("VM3", "application-consistent")] {
            #expect(lines.contains { $0.hasPrefix("  \(vm) ") && $0.contains(" D: ") && $0.contains(verdict) }, "\(vm)")
        }
    }

    @Test func anExpectationOnTheImageIsChecked() throws {
        let yaml = ScenarioFixtures.threeVMs(version: "2012-SP2-CU2") + """

            expect:
              vms:
                VM1:
                  image: { consistency: torn }
                VM2:
                  image: { consistency: crash-consistent }
            """
        let result = try ScenarioFixtures.run(yaml)
        #expect(result.expectations.map(\.path) == ["vms.VM1.image.consistency", "vms.VM2.image.consistency"])
        #expect(result.expectations.map(\.actual) == ["application-consistent", "crash-consistent"])
        #expect(result.expectations.map(\.ok) == [false, true])
    }

    /// A page torn on the guest's disk (a write that stopped after its first 4 KiB) is in the
    /// snapshot, so the image is torn, however well the SQL writer froze the database.
    @Test func aTornPageOnTheGuestsDiskMakesItsImageTorn() throws {
        let world = try World(scenario: try ScenarioParser.parse(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2"),
                                                             file: "test.yaml"))
        let files = try #require(world.vm(named: "VM1")?.guest.sqlInstance?.database(named: "Sales")?.files)
        world.runWorkload(for: .seconds(5))
        _ = try world.engine.backup(BackupRequest(database: "Sales", kind: .full), on: "VM1").get()
        let older = DataFileLayout.hotPages.map { files.pageOnDisk($0)! }
        world.runWorkload(for: .seconds(5))
        _ = try world.engine.backup(BackupRequest(database: "Sales", kind: .full, copyOnly: true), on: "VM1").get()
        world.engine.finishRunningBackups()
        let (number, torn) = try #require(DataFileLayout.hotPages.lazy.compactMap { number -> (Int, DataPage)? in
            let newer = files.pageOnDisk(number)!
            let torn = DataPage.torn(newer: newer, older: older[number - DataFileLayout.hotPages.lowerBound])
            return torn == newer ? nil : (number, torn)
        }.first)
        files.volume.write(files.dataPath, offset: number * DataPage.size, bytes: torn.bytes)

        let out = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-images-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let host = world.host.backUp(type: .full, repository: try BackupRepository.inOutputDirectory(out.path))
        #expect(host.succeeded, "nothing refuses a torn page: the backup succeeds")
        let image = try #require(host.vms.first { $0.vm == "VM1" }?.image)
        #expect(image.consistency == .torn)
        #expect(image.verification.problems.map(\.kind) == [.torn])
        #expect(image.verification.problems.first?.page == PageID(page: UInt32(number)))
        #expect(host.vms.first { $0.vm == "VM3" }?.image?.consistency == .applicationConsistent,
                "the secondary wrote its own pages, whole")
    }
}
