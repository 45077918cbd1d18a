@testable import HostBackup
import SnapWriter
import Testing

/// Reading a fleet: `hosts` with their own VMs, `schedule` with its jobs and timings, and
/// every refusal naming where and what.
@Suite struct FleetScenarioTests {
    static let hosts = """
        name: fleet
        hosts:
          - name: HV01
            vms:
              - name: SQL1
                sql: { version: 2012-SP1, databases: [ { name: Sales } ] }
          - name: HV02
            backupType: copy
            vms:
              - name: SQL2
                sql: { version: 2012-SP1, databases: [ { name: Sales } ] }
              - name: WEB2
        availabilityGroups:
          - name: AG1
            databases: [Sales]
            replicas: [ { vm: SQL1, role: primary }, { vm: SQL2, role: secondary } ]

        """

    static func refusal(_ yaml: String) -> String {
        do {
            _ = try ScenarioParser.parse(yaml, file: "fleet.yaml")
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test func hostsHoldTheirOwnVMsAndABackupJobWithoutVMRunsOnEveryReplica() throws {
        let scenario = try ScenarioParser.parse(Self.hosts + """
            schedule:
              days: 2
              jobs:
                - { name: DPM HV02, hostBackup: { host: HV02 }, daily: "23:30" }
                - { backup: { database: Sales, type: log, onlyIfPreferred: true }, every: 15m }
                - { failover: { ag: AG1, to: SQL2 }, at: "day 2 02:00" }
            """, file: "fleet.yaml")
        #expect(scenario.isFleet)
        #expect(scenario.hosts.map(\.name) == ["HV01", "HV02"])
        #expect(scenario.vms(of: scenario.hosts[1]).map(\.name) == ["SQL2", "WEB2"])
        #expect(scenario.hosts[1].backupType == .copy)
        #expect(scenario.host(ofVM: "WEB2")?.name == "HV02")
        #expect(scenario.steps.isEmpty, "a schedule runs what it lists, without the default host backup")
        let jobs = try #require(scenario.schedule?.jobs)
        #expect(jobs.map(\.name) == ["DPM HV02", "backup log of Sales", "failover AG1 to SQL2"])
        #expect(jobs[1].backupVMs == ["SQL1", "SQL2"])
        #expect(jobs[0].timing == .daily(secondOfDay: 23 * 3600 + 30 * 60))
        #expect(jobs[1].timing == .every(seconds: 900))
        #expect(jobs[2].timing == .at(day: 2, secondOfDay: 7200))
    }

    @Test func timingsGiveEveryStartWithinTheDays() {
        #expect(JobTiming.daily(secondOfDay: 79_200).starts(days: 3) == [79_200, 165_600, 252_000])
        #expect(JobTiming.every(seconds: 21_600).starts(days: 1) == [0, 21_600, 43_200, 64_800])
        #expect(JobTiming.every(seconds: 900).starts(days: 7).count == 672)
        #expect(JobTiming.at(day: 3, secondOfDay: 7200).starts(days: 7) == [2 * 86_400 + 7200])
    }

    @Test(arguments: [
        ("host: { name: HV09 }\n", "'host' and 'hosts' exclude each other"),
        ("schedule:\n  days: 2\n  jobs:\n    - { hostBackup: { host: HV03 }, daily: \"22:00\" }\n",
         "schedule.jobs[0].hostBackup.host: unknown host 'HV03'; hosts: HV01, HV02"),
        ("schedule:\n  days: 2\n  jobs:\n    - { hostBackup: {}, daily: \"24:00\" }\n",
         "schedule.jobs[0].daily: expected a time of day HH:MM (00:00 to 23:59), found '24:00'"),
        ("schedule:\n  days: 2\n  jobs:\n    - { hostBackup: {}, every: 15x }\n",
         "schedule.jobs[0].every: expected an interval"),
        ("schedule:\n  days: 2\n  jobs:\n    - { hostBackup: {}, at: \"day 3 01:00\" }\n",
         "schedule.jobs[0].at: day 3 is outside the schedule's days 1 to 2"),
        ("schedule:\n  days: 2\n  jobs:\n    - { hostBackup: {}, daily: \"22:00\", every: 1h }\n",
         "a job has one timing key, found 'daily' and 'every'"),
        ("schedule:\n  days: 2\n  jobs:\n    - { hostBackup: {}, failover: { ag: AG1, to: SQL2 }, daily: \"22:00\" }\n",
         "a job has one step kind, found 'hostBackup' and 'failover'"),
        ("schedule:\n  days: 2\n  jobs:\n    - { hostBackup: {} }\n", "a job needs exactly one timing key"),
        ("schedule:\n  days: 0\n", "schedule.days"),
        ("schedule:\n  days: 1\n  jobs:\n    - { name: A, hostBackup: {}, daily: \"22:00\" }\n    - { name: A, hostBackup: {}, daily: \"23:00\" }\n",
         "duplicate job name 'A'"),
        ("schedule:\n  days: 1\n  jobs:\n    - { backup: { database: Stock, type: log }, every: 1h }\n",
         "no VM holds a database 'Stock'"),
        ("schedule:\n  days: 1\nexpect:\n  jobs:\n    DPM: { day: 1, result: failed }\n", "unknown job 'DPM'"),
        ("schedule:\n  days: 1\n  jobs:\n    - { name: \"../x\\u0000\", hostBackup: {}, daily: \"22:00\" }\n",
         "schedule.jobs[0].name: a job name is 1 to 128 printable characters, found '../x\\u{0}'"),
    ])
    func refusesWhatAFleetCannotBe(_ extra: String, _ message: String) {
        let text = Self.refusal(Self.hosts + extra)
        #expect(text.contains(message), "\(text)")
        #expect(text.hasPrefix("fleet.yaml:"), "the refusal names the file, line and column: \(text)")
    }

    @Test func vmNamesAreUniqueAcrossTheFleetAndNoneIsAHostName() {
        let twice = Self.refusal("""
            name: twice
            hosts:
              - { name: HV01, vms: [ { name: VM1 } ] }
              - { name: HV02, vms: [ { name: vm1 } ] }
            """)
        #expect(twice.contains("duplicate VM name 'vm1' ('VM1' runs on an earlier host)"), "\(twice)")
        let clash = Self.refusal("""
            name: clash
            hosts:
              - { name: HV01, vms: [ { name: VM1 } ] }
              - { name: HV02, vms: [ { name: HV01 } ] }
            """)
        #expect(clash.contains("'HV01' is both a host's and a VM's name"), "\(clash)")
    }
}
