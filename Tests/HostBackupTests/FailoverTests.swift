import HostBackup
import SnapWriter
import Testing

/// Planned failover: roles swap, the log chain and the differential base go with the
/// database, and a target that would lose data is refused.
@Suite struct FailoverTests {
    @Test func aSynchronousTargetStillHardeningABacklogIsRefused() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - replica: { ag: AG1, vm: VM2, connected: false }
              - workload: { seconds: 60 }
              - replica: { ag: AG1, vm: VM2, connected: true }
              - workload: { seconds: 5 }
              - failover: { ag: AG1, to: VM2 }
              - workload: { seconds: 60 }
              - failover: { ag: AG1, to: VM2 }
            """, replicaExtras: ["VM2": "logSendRateKBps: 100"]))
        #expect(result.step(4).text?.contains("its database Sales is SYNCHRONIZING, not SYNCHRONIZED") == true)
        #expect(result.step(6).ok, "once the backlog is hardened it is SYNCHRONIZED again")
    }

    @Test func failoverSwapsRolesAndTheChainGoesOn() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Sales, type: full }
              - workload: { seconds: 30 }
              - backup: { vm: VM1, database: Sales, type: log }
              - failover: { ag: AG1, to: VM2 }
              - workload: { seconds: 30 }
              - backup: { vm: VM2, database: Sales, type: log }
              - backup: { vm: VM2, database: Sales, type: differential }
              - backup: { vm: VM1, database: Sales, type: differential }
              - workload: { seconds: 30 }
              - backup: { vm: VM1, database: Sales, type: log }
            """))
        #expect(result.step(3).ok && result.step(3).text == nil)
        #expect(result.world.instances["VM2"]?.role(of: "Sales") == .primary)
        #expect(result.world.instances["VM1"]?.role(of: "Sales") == .secondary)
        let (full, beforeFailover, onNewPrimary) = try (#require(result.row(0)), #require(result.row(2)), #require(result.row(5)))
        #expect(onNewPrimary.firstLsn == beforeFailover.lastLsn, "one chain across the failover")
        #expect(try #require(result.row(6)).differentialBaseLsn == full.checkpointLsn, "the base went with the database")
        #expect(result.step(7).msg == 3059, "the old primary is a secondary now")
        #expect(try #require(result.row(9)).firstLsn == onNewPrimary.lastLsn)
        #expect(result.trace("FailoverCompleted", in: "VM2").count == 1)
    }

    @Test func theNewPrimaryWritesTheWorkloadAndTheOldOneFollows() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - workload: { seconds: 10 }
              - failover: { ag: AG1, to: VM2 }
              - workload: { seconds: 10 }
            """))
        let oldPrimary = try #require(result.world.engine.replicaState(of: "Sales", on: "VM1"))
        #expect(oldPrimary.role == .secondary && oldPrimary.sendQueueKB == 0 && oldPrimary.redoQueueKB == 0)
        #expect(oldPrimary.lastRedoneLsn == result.log().endOfLog)
        #expect(result.log().offset(atTime: .seconds(20)) > result.log().offset(atTime: .seconds(10)))
    }

    @Test func aFailoverFirstRedoesTheTargetsRedoQueue() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - replica: { ag: AG1, vm: VM2, redoLagSeconds: 30 }
              - workload: { seconds: 60 }
              - failover: { ag: AG1, to: VM2 }
            """, replicaExtras: ["VM2": "redoRateKBps: 100"]))
        let requested = try #require(result.trace("FailoverRequested", in: "VM2").first)
        let completed = try #require(result.trace("FailoverCompleted", in: "VM2").first)
        // About thirty seconds of 50 KB/s log, redone at 100 KB/s.
        #expect(completed.tMs - requested.tMs > 10_000 && completed.tMs - requested.tMs < 20_000)
        #expect(completed.detail.contains("after "))
    }

    @Test(arguments: [
        ("synchronizationState: synchronizing", "its database Sales is SYNCHRONIZING, not SYNCHRONIZED"),
        ("connected: false", "VM2 is not connected"),
        ("availabilityMode: asynchronous-commit", "VM2 uses asynchronous-commit mode"),
    ])
    func aFailoverThatWouldLoseDataIsRefused(replica: String, reason: String) throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - failover: { ag: AG1, to: VM2 }
            """, replicaExtras: ["VM2": replica]))
        let step = result.step(0)
        #expect(!step.ok && step.msg == nil)
        #expect(step.text == "Cannot fail AG1 over to VM2 without data loss: \(reason). A planned failover needs a "
            + "connected synchronous-commit secondary whose databases are SYNCHRONIZED; SnapWriter does not model "
            + "forced failover (FORCE_FAILOVER_ALLOW_DATA_LOSS).")
        #expect(result.world.instances["VM1"]?.role(of: "Sales") == .primary)
    }

    @Test func aTargetCutOffFromThePrimaryIsRefusedAndSoIsTheCurrentPrimary() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - replica: { ag: AG1, vm: VM1, connected: false }
              - workload: { seconds: 10 }
              - failover: { ag: AG1, to: VM2 }
              - failover: { ag: AG1, to: VM1 }
            """))
        #expect(result.step(2).text?.contains("its database Sales is NOT SYNCHRONIZING, not SYNCHRONIZED") == true)
        #expect(result.step(3).text?.contains("VM1 is already the primary replica") == true)
        #expect(!result.step(2).ok && !result.step(3).ok)
    }
}

/// sys.fn_hadr_backup_is_preferred_replica and the jobs that honour it (reference §5).
@Suite struct BackupPreferenceTests {
    @Test func onlyIfPreferredSkipsEveryReplicaButThePreferredOne() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Sales, type: full }
              - backup: { vm: VM1, database: Sales, type: log, onlyIfPreferred: true }
              - backup: { vm: VM3, database: Sales, type: log, onlyIfPreferred: true }
              - backup: { vm: VM2, database: Sales, type: log, onlyIfPreferred: true }
              - backup: { vm: VM3, database: Sales, type: log }
            """, threeReplicas: true))
        #expect(result.steps.map(\.skipped) == [false, true, true, false, false])
        #expect(result.steps.map(\.ok) == [true, true, true, true, true])
        #expect(result.step(1).backup == nil && result.step(1).msg == nil)
        #expect(result.row(3)?.serverName == "VM2", "priority 100 beats 80 and the primary")
        #expect(result.row(4)?.firstLsn == result.row(3)?.lastLsn, "the preference is not enforced on BACKUP itself")
        #expect(result.trace("BackupSkipped", in: "VM3").first?.detail
            == "Sales: sys.fn_hadr_backup_is_preferred_replica returned 0 on VM3")
    }

    @Test func thePreferenceFollowsTheReplicasCurrentState() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Sales, type: full }
              - replica: { ag: AG1, vm: VM2, connected: false }
              - backup: { vm: VM3, database: Sales, type: log, onlyIfPreferred: true }
              - backup: { vm: VM2, database: Sales, type: log, onlyIfPreferred: true }
            """, threeReplicas: true))
        #expect(result.steps.map(\.skipped) == [false, false, false, true])
        #expect(result.row(2)?.serverName == "VM3")
        let json = RunReport.json(result.result)
        guard case .array(let vms)? = json["vms"] else { Issue.record("no vms"); return }
        let preferred = vms.map { vm -> JSONValue? in
            guard case .array(let databases)? = vm["databases"] else { return nil }
            return databases.first?["isPreferredBackupReplica"]
        }
        #expect(preferred == [.bool(false), .bool(false), .bool(true)])
    }

    @Test func primaryPreferenceKeepsBackupsOnThePrimaryAcrossAFailover() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Sales, type: full, onlyIfPreferred: true }
              - failover: { ag: AG1, to: VM2 }
              - backup: { vm: VM1, database: Sales, type: log, onlyIfPreferred: true }
              - backup: { vm: VM2, database: Sales, type: log, onlyIfPreferred: true }
            """, preference: "primary"))
        #expect(result.steps.map(\.skipped) == [false, false, true, false])
        #expect(result.row(3)?.serverName == "VM2")
    }

    @Test func aReplicaOnAVMThatIsOffIsNoCandidate() throws {
        let yaml = EngineFixtures.group(steps: "  - workload: { seconds: 10 }")
            .replacingOccurrences(of: "  - name: VM2\n", with: "  - name: VM2\n    state: off\n")
        let result = try EngineFixtures.run(yaml)
        #expect(result.world.instances["VM2"]?.isPreferredBackupReplica("Sales") == false)
        #expect(result.world.instances["VM1"]?.isPreferredBackupReplica("Sales") == true, "the only candidate left")
        #expect(result.sqlDatabase("VM2", "Sales")?.progress.hardened == 0)
    }

    @Test func aStandaloneDatabaseIsAlwaysPreferred() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Inventory, type: full, onlyIfPreferred: true }
            """))
        #expect(!result.step(0).skipped && result.row(0) != nil)
    }
}
