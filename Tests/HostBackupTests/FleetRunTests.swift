@testable import HostBackup
import SnapWriter
import Testing

/// A fleet over days: which host's nightly backup fails follows the secondary replica across a
/// failover, each failure names its cause, and the DBAs' log backups follow the preferred
/// replica in one chain that restores.
@Suite struct FleetRunTests {
    /// A light workload: the story depends on roles and builds, not on how much log there is.
    static let twoNights = FleetScenarioTests.hosts + """
        workload: { transactionsPerSecond: 1 }
        steps:
          - backup: { vm: SQL1, database: Sales, type: full }
        schedule:
          days: 2
          jobs:
            - { name: DPM HV01, hostBackup: { host: HV01 }, daily: "22:00" }
            - { name: DPM HV02, hostBackup: { host: HV02 }, daily: "22:00" }
            - { name: Sales logs, backup: { database: Sales, type: log, onlyIfPreferred: true }, every: 6h }
            - { name: planned failover, failover: { ag: AG1, to: SQL2 }, at: "day 2 02:00" }
        """

    @Test func theHostHoldingTheSecondaryFailsEachNightWithItsCause() throws {
        let result = try ScenarioFixtures.run(Self.twoNights)
        let nights = FleetReport.nights(result).filter { $0.day != nil }
        #expect(nights.map { "\($0.backup.host) \($0.day!) \($0.backup.succeeded)" }
            == ["HV01 1 true", "HV02 1 false", "HV01 2 false", "HV02 2 true"])
        #expect(nights[1].backup.failure?.explanation == "SQL2 hosted a secondary replica of AG1 (Sales) on SQL Server 2012-SP1")
        #expect(nights[2].backup.failure?.explanation == "SQL1 hosted a secondary replica of AG1 (Sales) on SQL Server 2012-SP1")
        #expect(nights[1].backup.failure?.vm == "SQL2" && nights[1].backup.hresult == .writerErrorNonRetryable)
        // HV02 asks for its own backup type, copy; the guests are asked for FULL all the same.
        #expect(nights[1].backup.backupType == .copy && nights[0].backup.backupType == .full)
        #expect(result.verdictHostBackup?.host == "HV02", "a fleet's verdict is its first failed night")
    }

    @Test func jobsDueTogetherRunInTheOrderListedAndLogsFollowThePreferredReplica() throws {
        let result = try ScenarioFixtures.run(Self.twoNights)
        let night = result.jobs.filter { $0.day == 1 && $0.time == "22:00" }
        #expect(night.map(\.name) == ["DPM HV01", "DPM HV02"])
        #expect(night[0].tMs <= night[1].tMs)
        let logs = result.jobs.filter { $0.name == "Sales logs" }
        #expect(logs.count == 2 * 4 * 2, "every 6 h for 2 days, on both replicas")
        let taken = logs.filter { !$0.step.skipped && $0.step.ok }
        #expect(taken.count == logs.count / 2, "only the preferred replica backs up")
        #expect(taken.filter { $0.day == 1 }.allSatisfy { $0.step.vm == "SQL2" })
        #expect(taken.filter { $0.day == 2 && $0.time >= "06:00" }.allSatisfy { $0.step.vm == "SQL1" },
                "after the failover SQL1 holds the secondary and the log backups")
        // Restoring to the last log backup goes through logs taken on both replicas: one chain.
        let lastLog = try #require(taken.last?.step.backup)
        let plan = RestorePlanner(history: BackupHistory(result.end.history), database: "Sales").plan(stopAt: lastLog.lastLsn)
        #expect(plan.restorable)
        #expect(plan.sequence.last?.backupSetId == lastLog.backupSetId)
        #expect(Set(plan.sequence.filter { $0.type == .log }.compactMap(\.serverName)) == ["SQL1", "SQL2"])
    }

    @Test func theRunDocumentAddsHostsJobsAndFleetOnlyForAFleet() throws {
        let fleet = RunReport.json(try ScenarioFixtures.run(Self.twoNights))
        #expect(fleet["hosts"] != nil && fleet["jobs"] != nil && fleet["fleet"] != nil)
        let single = RunReport.json(try ScenarioFixtures.run(ScenarioFixtures.threeVMs()))
        #expect(single["hosts"] == nil && single["jobs"] == nil && single["fleet"] == nil)
        #expect(single["failure"]?["cause"] == .string("VM3 hosted a secondary replica of AG1 (Sales) on SQL Server 2012-SP1"))
    }

    @Test func theTextReportDrawsACalendarWithTheCausesUnderIt() throws {
        let text = RunTextReport.render(try ScenarioFixtures.run(Self.twoNights))
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.contains("host") && $0.contains("day 1") && $0.contains("day 2") })
        #expect(lines[header + 2].split(separator: " ") == ["HV01", "ok", "FAILED"])
        #expect(lines[header + 3].split(separator: " ") == ["HV02", "FAILED", "ok"])
        #expect(text.contains("HV02 day 1 (DPM HV02): 0x800423F4 at SQL2, PrepareForSnapshot: SQL2 hosted a secondary replica"))
    }

    /// The same group across a Hyper-V and a KVM host: the secondary fails the Hyper-V night
    /// and not the KVM one, where it is only crash-consistent.
    static let mixed = """
        name: mixed
        volumes: memory
        hosts:
          - { name: HV01, vms: [ { name: SQL2, sql: { version: 2012-SP1, databases: [ { name: Sales } ] } } ] }
          - name: PVE1
            hypervisor: kvm
            vms: [ { name: SQL1, guestAgent: {}, sql: { version: 2012-SP1, databases: [ { name: Sales } ] } } ]
        availabilityGroups:
          - { name: AG1, databases: [Sales], replicas: [ { vm: SQL2, role: primary }, { vm: SQL1, role: secondary } ] }
        schedule:
          days: 1
          jobs:
            - { name: DPM HV01, hostBackup: { host: HV01 }, daily: "22:00" }
            - { name: vzdump PVE1, hostBackup: { host: PVE1 }, daily: "23:00" }
        expect:
          vms:
            SQL1: { method: guest-agent-freeze, image: { consistency: crash-consistent } }
            SQL2: { method: child-vm-snapshot, image: { consistency: application-consistent } }

        """

    @Test func aMixedFleetNamesEachHostsHypervisor() throws {
        let result = try ScenarioFixtures.run(Self.mixed)
        let lines = RunTextReport.render(result).split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.contains("host") && $0.contains("day 1") })
        #expect(lines[header].split(separator: " ") == ["host", "hypervisor", "day", "1"])
        #expect(lines[header + 2].split(separator: " ") == ["HV01", "Hyper-V", "ok"])
        #expect(lines[header + 3].split(separator: " ") == ["PVE1", "KVM", "ok"])
        guard case .array(let hosts)? = RunReport.json(result)["hosts"] else {
            Issue.record("the run document of a fleet lists its hosts")
            return
        }
        #expect(hosts.map { $0["hypervisor"] } == [nil, .string("kvm")], "a Hyper-V host's entry stays as it was")
        #expect(FleetTimelinePage.calendar(FleetNight.all(result), hosts: result.scenario.hosts, days: 1)
            .contains("<td class=\"hypervisor\">KVM</td>"))
    }

    /// `expect.vms` reads what the run document's `vms[]` says: each VM's last host backup, on
    /// its own host, not the night of the fleet's verdict.
    @Test func aFleetsVMExpectationsReadEachVMsOwnLastHostBackup() throws {
        let result = try ScenarioFixtures.run(Self.mixed)
        #expect(result.expectations.count == 4)
        let missed = result.expectations.filter { !$0.ok }
        #expect(missed.isEmpty, "\(missed)")
    }
}
