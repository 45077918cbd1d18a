import HostBackup
import SnapWriter
import Testing

/// Send and redo queues (reference §4; "Designing for offloaded log backups in AlwaysOn
/// Availability Groups – Part 1"): they grow with the workload and drain at each replica's
/// modelled rates; the estimates follow from them.
@Suite struct ReplicationTests {
    func state(_ result: TestRun, _ vm: String) throws -> ReplicaDatabaseState {
        try #require(result.world.engine.replicaState(of: "Sales", on: vm))
    }

    @Test func aSynchronizedSynchronousSecondaryKeepsUp() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: "  - workload: { seconds: 120 }"))
        let secondary = try state(result, "VM2")
        #expect(secondary.sendQueueKB == 0 && secondary.redoQueueKB == 0)
        #expect(secondary.lastHardenedLsn == result.log().endOfLog && secondary.lastRedoneLsn == result.log().endOfLog)
        #expect(secondary.estimatedDataLossSeconds == 0 && secondary.estimatedRecoveryTimeSeconds == 0)
        #expect(secondary.synchronizationState == .synchronized && secondary.role == .secondary)
    }

    @Test func aCutLinkBuildsTheSendQueueAndASlowLinkDrainsItAtItsRate() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - workload: { seconds: 10 }
              - replica: { ag: AG1, vm: VM2, connected: false }
              - workload: { seconds: 60 }
            """))
        let log = result.log()
        let copy = try #require(result.sqlDatabase("VM2", "Sales"))
        let cut = log.offset(atTime: .seconds(10))
        #expect(copy.progress.hardened == cut, "nothing reaches a disconnected replica")
        let secondary = try state(result, "VM2")
        #expect(secondary.sendQueueKB == Int((log.bytesWritten - cut) / 1024))
        #expect(secondary.sendQueueKB > 2000, "a minute of 50 transactions a second")
        #expect(secondary.estimatedDataLossSeconds == 60, "its last hardened commit is a minute old")
        #expect(secondary.synchronizationState == .notSynchronizing, "it receives no log")

        let drained = try EngineFixtures.run(EngineFixtures.group(steps: """
              - workload: { seconds: 10 }
              - replica: { ag: AG1, vm: VM2, connected: false }
              - workload: { seconds: 60 }
              - replica: { ag: AG1, vm: VM2, connected: true }
              - workload: { seconds: 10 }
            """, replicaExtras: ["VM2": "logSendRateKBps: 100"]))
        let after = try #require(drained.sqlDatabase("VM2", "Sales")).progress.hardened
        #expect(after == cut + 10 * 100 * 1024, "ten seconds at 100 KB/s")
        #expect(try state(drained, "VM2").sendQueueKB > 0)
        #expect(try state(drained, "VM2").synchronizationState == .synchronizing, "hardening its backlog")
        let caughtUp = try EngineFixtures.run(EngineFixtures.group(steps: """
              - workload: { seconds: 10 }
              - replica: { ag: AG1, vm: VM2, connected: false }
              - workload: { seconds: 60 }
              - replica: { ag: AG1, vm: VM2, connected: true }
              - workload: { seconds: 120 }
            """, replicaExtras: ["VM2": "logSendRateKBps: 100"]))
        #expect(try state(caughtUp, "VM2").sendQueueKB == 0, "at 100 KB/s against 50 KB/s the backlog clears")
        #expect(try state(caughtUp, "VM2").synchronizationState == .synchronized)
    }

    @Test func anAsynchronousReplicaSlowerThanTheWorkloadFallsBehind() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: "  - workload: { seconds: 100 }",
            replicaExtras: ["VM2": "availabilityMode: asynchronous-commit\nsynchronizationState: synchronizing\nlogSendRateKBps: 20"]))
        let copy = try #require(result.sqlDatabase("VM2", "Sales"))
        #expect(copy.progress.hardened == 100 * 20 * 1024)
        #expect(try state(result, "VM2").synchronizationState == .synchronizing)
        let defaulted = try EngineFixtures.run(EngineFixtures.group(steps: "  - workload: { seconds: 10 }",
            replicaExtras: ["VM2": "availabilityMode: asynchronous-commit"]))
        #expect(try state(defaulted, "VM2").synchronizationState == .synchronizing,
                "an asynchronous-commit replica is never SYNCHRONIZED")
    }

    @Test func aRedoLagHoldsRedoBehindAndRecoveryTimeIsQueueOverRate() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - replica: { ag: AG1, vm: VM2, redoLagSeconds: 20 }
              - workload: { seconds: 60 }
            """, replicaExtras: ["VM2": "redoRateKBps: 500"]))
        let log = result.log()
        let copy = try #require(result.sqlDatabase("VM2", "Sales"))
        #expect(copy.progress.hardened == log.bytesWritten)
        #expect(copy.progress.redone == log.offset(atTime: .seconds(40)))
        let secondary = try state(result, "VM2")
        let queue = log.bytesWritten - copy.progress.redone
        #expect(secondary.redoQueueKB == Int(queue / 1024))
        #expect(secondary.lastRedoneLsn == log.lsn(atOffset: copy.progress.redone))
        let expected = (Double(queue) / 1024 / 500 * 1000).rounded(.up) / 1000
        #expect(secondary.estimatedRecoveryTimeSeconds == expected)
        #expect(secondary.estimatedDataLossSeconds == 0, "everything is hardened: nothing lost, only slow")
    }

    @Test func redoCatchesUpAtItsRateOnceTheLagIsLifted() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - replica: { ag: AG1, vm: VM2, redoLagSeconds: 30 }
              - workload: { seconds: 60 }
              - replica: { ag: AG1, vm: VM2, redoLagSeconds: 0 }
              - workload: { seconds: 2 }
            """, replicaExtras: ["VM2": "redoRateKBps: 200"], tps: 100))
        let log = result.log()
        let copy = try #require(result.sqlDatabase("VM2", "Sales"))
        let lagged: UInt64 = log.offset(atTime: .seconds(30))
        let twoSeconds: UInt64 = 2 * 200 * 1024
        #expect(copy.progress.redone == lagged + twoSeconds)
    }

    @Test func thePrimaryReportsTheBestFailoverTarget() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - replica: { ag: AG1, vm: VM2, connected: false }
              - workload: { seconds: 30 }
            """, threeReplicas: true))
        let primary = try state(result, "VM1")
        #expect(primary.role == .primary && primary.sendQueueKB == 0 && primary.redoQueueKB == 0)
        #expect(primary.lastHardenedLsn == result.log().endOfLog)
        #expect(primary.failoverTarget == "VM3")
        #expect(primary.estimatedDataLossSeconds == 0)
        #expect(try state(result, "VM2").estimatedDataLossSeconds == 30)
    }

    @Test func theRunDocumentCarriesEachReplicasRecoveryState() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Sales, type: full }
              - replica: { ag: AG1, vm: VM2, redoLagSeconds: 10 }
              - workload: { seconds: 30 }
              - backup: { vm: VM1, database: Sales, type: log }
            """))
        let json = RunReport.json(result.result)
        guard case .array(let vms)? = json["vms"] else { Issue.record("no vms"); return }
        let vm2 = try #require(vms.first { $0["name"] == .string("VM2") })
        guard case .array(let databases)? = vm2["databases"] else { Issue.record("no databases"); return }
        let recovery = try #require(databases.first?["recovery"])
        let state = try state(result, "VM2")
        #expect(recovery["synchronizationState"] == .string("SYNCHRONIZED"))
        #expect(recovery["redoQueueKB"] == .int(state.redoQueueKB) && state.redoQueueKB > 0)
        #expect(recovery["sendQueueKB"] == .int(0))
        #expect(recovery["lastRedoneLsn"] == .string(state.lastRedoneLsn.numeric))
        #expect(recovery["lastHardenedLsn"] == .string(state.lastHardenedLsn.numeric))
        #expect(recovery["estimatedRecoveryTimeSeconds"] == .double(state.estimatedRecoveryTimeSeconds!))
        #expect(recovery["achievedRecoveryPointLsn"] == .string(result.row(3)!.lastLsn.numeric))
        let vm1 = try #require(vms.first { $0["name"] == .string("VM1") })
        guard case .array(let primaryDatabases)? = vm1["databases"] else { Issue.record("no databases"); return }
        #expect(primaryDatabases[1]["recovery"] == .null, "Inventory is in no availability group")
        guard case .array(let points)? = json["recoveryPoints"] else { Issue.record("no recoveryPoints"); return }
        #expect(points.count == 2)
        #expect(points[0]["database"] == .string("Sales"))
        #expect(points[0]["servers"] == .array([.string("VM1"), .string("VM2")]))
        #expect(points[0]["sequence"] == .array([.int(1), .int(2)]))
        #expect(points[0]["achievedRecoveryPointLsn"] == .string(result.row(3)!.lastLsn.numeric))
        #expect(points[1]["restorable"] == .bool(false) && points[1]["achievedRecoveryPointLsn"] == .null)
    }
}
