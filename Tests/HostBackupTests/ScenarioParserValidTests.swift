import HostBackup
import SnapWriter
import Testing

/// The interface's example scenario, with the VMs and databases its steps name declared, so
/// every name resolves.
let interfaceExample = """
    name: sp1-secondary
    seed: 7
    clock: virtual
    host:
      name: HV01
      backupType: full
    volumes: fuse
    vms:
      - name: VM1
        state: running
        backupIntegrationService: true
        sql:
          version: 2012-SP1
          edition: enterprise
          collation: SQL_Latin1_General_CP1_CI_AS
          databases:
            - name: Sales
              recoveryModel: full
              sizeMiB: 16
            - name: Inventory
      - name: VM2
        sql:
          version: 2012-SP1
          databases:
            - name: Sales
    availabilityGroups:
      - name: AG1
        databases: [Sales]
        automatedBackupPreference: secondary
        replicas:
          - vm: VM1
            role: primary
            availabilityMode: synchronous-commit
            backupPriority: 50
          - vm: VM2
            role: secondary
            backupPriority: 100
            synchronizationState: synchronized
            connected: true
    workload:
      transactionsPerSecond: 50
    faults:
      - vm: VM2
        writer: SqlServerWriter
        event: freeze
        action: fail
        error: retryable
        times: 1
    steps:
      - backup: { vm: VM1, database: Sales, type: full }
      - workload: { seconds: 60 }
      - replica: { ag: AG1, vm: VM2, synchronizationState: not-synchronizing, connected: false, redoLagSeconds: 30 }
      - failover: { ag: AG1, to: VM2 }
      - backup: { vm: VM2, database: Sales, type: log, onlyIfPreferred: true }
      - recoveryModel: { vm: VM1, database: Inventory, model: simple }
      - corruptPage: { vm: VM1, database: Sales, page: 42 }
      - checkdb: { vm: VM1, database: Sales }
      - hostBackup: {}
      - restartService: { vm: VM2, service: SQLWriter }
    expect:
      result: failed
      hresult: "0x800423F4"
      vms:
        VM2:
          method: child-vm-snapshot
          writers:
            SqlServerWriter: { state: VSS_WS_FAILED_AT_PREPARE_SNAPSHOT, lastError: VSS_E_WRITERERROR_NONRETRYABLE }
          databases:
            Sales: { backedUp: false }
      steps:
        2: { msg: 35295 }
    """

@Suite("Scenario parser: valid scenarios")
struct ScenarioParserValidTests {
    @Test func interfaceExampleParsesWithEveryValue() throws {
        let scenario = try ScenarioParser.parse(interfaceExample, file: "example.yaml")
        #expect(scenario.name == "sp1-secondary")
        #expect(scenario.seed == 7)
        #expect(scenario.clock == .virtual)
        #expect(scenario.host.name == "HV01")
        #expect(scenario.host.backupType == .full)
        #expect(scenario.volumes == .fuse)
        #expect(scenario.workload.transactionsPerSecond == 50)

        #expect(scenario.vms.map(\.name) == ["VM1", "VM2"])
        let vm1 = try #require(scenario.vms.first)
        #expect(vm1.state == .running)
        #expect(vm1.backupIntegrationService)
        let sql1 = try #require(vm1.sql)
        #expect(sql1.version == .v2012SP1)
        #expect(sql1.edition == .enterprise)
        #expect(sql1.collation == .serverDefault)
        #expect(sql1.databases.map(\.name) == ["Sales", "Inventory"])
        #expect(sql1.databases.map(\.recoveryModel) == [.full, .full])
        #expect(sql1.databases.map(\.sizeMiB) == [16, 16])

        let group = try #require(scenario.availabilityGroups.first)
        #expect(group.name == "AG1")
        #expect(group.databases == ["Sales"])
        #expect(group.automatedBackupPreference == .secondary)
        #expect(group.replicas.map(\.vm) == ["VM1", "VM2"])
        #expect(group.replicas.map(\.role) == [.primary, .secondary])
        #expect(group.replicas.map(\.backupPriority) == [50, 100])
        #expect(group.replicas.map(\.availabilityMode) == [.synchronousCommit, .synchronousCommit])
        #expect(group.replicas.map(\.synchronizationState) == [.synchronized, .synchronized])
        #expect(group.replicas.map(\.connected) == [true, true])

        let fault = try #require(scenario.faults.first)
        #expect(fault.vm == "VM2")
        #expect(fault.writer == "SqlServerWriter")
        #expect(fault.event == .freeze)
        #expect(fault.action == .fail(.retryable, afterMilliseconds: 0))
        #expect(fault.times == 1)
        #expect(fault.location == SourceLocation(file: "example.yaml", line: 43, column: 5))
    }

    @Test func interfaceExampleStepsKeepTheirOrderFieldsAndLocations() throws {
        let scenario = try ScenarioParser.parse(interfaceExample, file: "example.yaml")
        #expect(scenario.steps.map(\.keyword) == ["backup", "workload", "replica", "failover", "backup",
                                                  "recoveryModel", "corruptPage", "checkdb", "hostBackup",
                                                  "restartService"])
        #expect(scenario.steps.map { $0.location?.line } == Array(50...59).map { Optional($0) })
        #expect(scenario.steps.allSatisfy { $0.location?.column == 5 })

        guard case let .backup(first) = scenario.steps[0].kind else { Issue.record("step 0"); return }
        #expect(first.vm == "VM1" && first.database == "Sales" && first.type == .full)
        #expect(!first.copyOnly && !first.onlyIfPreferred)
        guard case let .workload(seconds) = scenario.steps[1].kind else { Issue.record("step 1"); return }
        #expect(seconds == 60)
        guard case let .replica(change) = scenario.steps[2].kind else { Issue.record("step 2"); return }
        #expect(change.ag == "AG1" && change.vm == "VM2")
        #expect(change.synchronizationState == .notSynchronizing)
        #expect(change.connected == false)
        #expect(change.redoLagSeconds == 30)
        guard case let .failover(ag, to) = scenario.steps[3].kind else { Issue.record("step 3"); return }
        #expect(ag == "AG1" && to == "VM2")
        guard case let .backup(log) = scenario.steps[4].kind else { Issue.record("step 4"); return }
        #expect(log.type == .log && log.onlyIfPreferred && !log.copyOnly)
        guard case let .recoveryModel(vm, database, model) = scenario.steps[5].kind else { Issue.record("step 5"); return }
        #expect(vm == "VM1" && database == "Inventory" && model == .simple)
        guard case let .corruptPage(_, _, page) = scenario.steps[6].kind else { Issue.record("step 6"); return }
        #expect(page == 42)
        guard case .checkdb("VM1", "Sales") = scenario.steps[7].kind else { Issue.record("step 7"); return }
        guard case .hostBackup = scenario.steps[8].kind else { Issue.record("step 8"); return }
        guard case .restartService("VM2", "SQLWriter") = scenario.steps[9].kind else { Issue.record("step 9"); return }
    }

    @Test func interfaceExampleExpectations() throws {
        let expect = try #require(try ScenarioParser.parse(interfaceExample, file: "example.yaml").expect)
        #expect(expect.result == "failed")
        #expect(expect.hresult == "0x800423F4")
        #expect(expect.vms.map(\.vm) == ["VM2"])
        let vm2 = try #require(expect.vms.first)
        #expect(vm2.method == "child-vm-snapshot")
        #expect(vm2.result == nil)
        #expect(vm2.writers.map(\.writer) == ["SqlServerWriter"])
        #expect(vm2.writers.first?.state == "VSS_WS_FAILED_AT_PREPARE_SNAPSHOT")
        #expect(vm2.writers.first?.lastError == "VSS_E_WRITERERROR_NONRETRYABLE")
        #expect(vm2.databases.map(\.database) == ["Sales"])
        #expect(vm2.databases.first?.backedUp == false)
        #expect(vm2.databases.first?.isCopyOnly == nil)
        #expect(expect.steps.map(\.index) == [2])
        #expect(expect.steps.first?.msg == 35295)
    }

    @Test func defaultsFillEverythingLeftOut() throws {
        let scenario = try ScenarioParser.parse("""
            name: minimal
            vms:
              - name: VM1
                sql:
                  version: 2016
                  databases:
                    - name: Sales
              - name: VM2
            """, file: "minimal.yaml")
        #expect(scenario.seed == 0)
        #expect(scenario.clock == .virtual)
        #expect(scenario.host.name == "HV01")
        #expect(scenario.host.backupType == .full)
        #expect(scenario.volumes == nil)
        #expect(scenario.workload.transactionsPerSecond == 50)
        #expect(scenario.availabilityGroups.isEmpty)
        #expect(scenario.faults.isEmpty)
        #expect(scenario.expect == nil)
        #expect(scenario.steps.map(\.keyword) == ["hostBackup"])
        #expect(scenario.steps.first?.location == nil)
        let vm1 = scenario.vms[0]
        #expect(vm1.state == .running && vm1.backupIntegrationService)
        #expect(vm1.sql?.version == .v2016)
        #expect(vm1.sql?.edition == .enterprise)
        #expect(vm1.sql?.collation == .serverDefault)
        #expect(vm1.sql?.databases.first?.recoveryModel == .full)
        #expect(vm1.sql?.databases.first?.sizeMiB == 16)
        #expect(scenario.vms[1].sql == nil)
    }

    @Test func availabilityGroupAndReplicaDefaults() throws {
        let scenario = try ScenarioParser.parse("""
            name: ag
            vms:
              - name: VM1
                sql: { version: 2019, databases: [{ name: Sales }] }
              - name: VM2
                sql: { version: 2019, databases: [{ name: Sales }] }
            availabilityGroups:
              - name: AG1
                databases: [Sales]
                replicas:
                  - { vm: VM1, role: primary }
                  - { vm: VM2, role: secondary }
            """, file: "ag.yaml")
        let group = scenario.availabilityGroups[0]
        #expect(group.automatedBackupPreference == .secondary)
        let replica = group.replicas[1]
        #expect(replica.availabilityMode == .synchronousCommit)
        #expect(replica.backupPriority == 50)
        #expect(replica.synchronizationState == .synchronized)
        #expect(replica.connected)
    }

    @Test func otherSpellingsEveryKeyAccepts() throws {
        let scenario = try ScenarioParser.parse("""
            name: spellings
            seed: 18446744073709551615
            clock: real
            host: { name: HOST7, backupType: copy }
            volumes: memory
            workload: { transactionsPerSecond: 0.5 }
            vms:
              - name: VM1
                state: off
                backupIntegrationService: off
                sql:
                  version: 2022
                  edition: standard
                  collation: Latin1_General_BIN2
                  databases:
                    - { name: Sales, recoveryModel: bulk-logged, sizeMiB: 64 }
                    - { name: sales, recoveryModel: simple }
              - name: VM2
            faults:
              - { writer: Microsoft Hyper-V VSS Writer, event: prepare-snapshot, action: hang }
              - { vm: VM2, writer: System Writer, event: thaw, action: delay, delayMs: 250 }
            steps:
              - hostBackup
              - hostBackup:
              - restartService: { vm: VM2, service: VSS }
            expect:
              hresult: VSS_E_WRITERERROR_RETRYABLE
              vms:
                VM2:
                  result: not-attempted
                  method: saved-state
                  writers:
                    System Writer: { lastError: 0x800423f3, state: VSS_WS_STABLE }
              steps:
                1: { ok: true, skipped: false }
                0: { ok: true }
            """, file: "spellings.yaml")
        #expect(scenario.seed == UInt64.max)
        #expect(scenario.clock == .real)
        #expect(scenario.host.name == "HOST7" && scenario.host.backupType == .copy)
        #expect(scenario.volumes == .memory)
        #expect(scenario.workload.transactionsPerSecond == 0.5)
        #expect(scenario.vms[0].state == .off)
        #expect(!scenario.vms[0].backupIntegrationService)
        #expect(scenario.vms[0].sql?.edition == .standard)
        #expect(scenario.vms[0].sql?.collation.isCaseSensitive == true)
        #expect(scenario.vms[0].sql?.databases.map(\.recoveryModel) == [.bulkLogged, .simple])
        #expect(scenario.vms[0].sql?.databases.map(\.sizeMiB) == [64, 16])
        #expect(scenario.faults.map(\.vm) == [nil, "VM2"])
        #expect(scenario.faults.map(\.action) == [.hang, .delay(milliseconds: 250)])
        #expect(scenario.faults.map(\.times) == [nil, nil])
        #expect(scenario.steps.map(\.keyword) == ["hostBackup", "hostBackup", "restartService"])
        let expect = try #require(scenario.expect)
        #expect(expect.hresult == "0x800423F3")
        #expect(expect.vms[0].writers[0].lastError == "VSS_E_WRITERERROR_RETRYABLE")
        #expect(expect.vms[0].writers[0].state == "VSS_WS_STABLE")
        #expect(expect.vms[0].result == "not-attempted")
        #expect(expect.steps.map(\.index) == [1, 0])
        #expect(expect.steps[0].ok == true && expect.steps[0].skipped == false)
    }

    @Test func emptyStepListMeansNoSteps() throws {
        let scenario = try ScenarioParser.parse("name: x\nvms: [{ name: VM1 }]\nsteps: []\n", file: "x.yaml")
        #expect(scenario.steps.isEmpty)
    }
}
