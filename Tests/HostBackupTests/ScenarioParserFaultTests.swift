import HostBackup
import Testing

@Suite("Scenario parser: fault rules")
struct ScenarioParserFaultTests {
    static let writers = "SqlServerWriter, Microsoft Hyper-V VSS Writer, System Writer, Registry Writer, WMI Writer, ASR Writer"
    static let events = "identify, prepare-backup, prepare-snapshot, freeze, thaw, post-snapshot, backup-complete"
    static let failures = "retryable, nonretryable, timeout, out-of-resources, inconsistent-snapshot, partial-failure"

    /// `topology` with one fault rule on line 13.
    static func fault(_ rule: String) -> String { topology + "faults:\n  - \(rule)\n" }

    static let refusals: [Refusal] = [
        Refusal("faults not a list", topology + "faults: { writer: System Writer }\n", at: 12, 9, key: "faults",
                "expected a list, found a mapping"),
        Refusal("unknown fault key", fault("{ vm: VM1, writer: System Writer, on: freeze, action: hang }"),
                at: 13, 39, key: "faults[0]", "unknown key 'on'; allowed: vm, writer, event, action, error, times, delayMs"),
        Refusal("fault on an unknown VM", fault("{ vm: VM9, writer: System Writer, event: freeze, action: hang }"),
                at: 13, 11, key: "faults[0].vm", "unknown VM 'VM9'; VMs: VM1, VM2, VM3"),
        Refusal("writer missing", fault("{ vm: VM1, event: freeze, action: hang }"),
                at: 13, 5, key: "faults[0].writer", "missing required key 'writer'; allowed: \(writers)"),
        Refusal("writer unknown", fault("{ vm: VM2, writer: SqlWriter, event: freeze, action: fail, error: retryable }"),
                at: 13, 24, key: "faults[0].writer", "unknown value 'SqlWriter'; allowed: \(writers)"),
        Refusal("SQL Server writer on the host", fault("{ writer: SqlServerWriter, event: freeze, action: hang }"),
                at: 13, 15, key: "faults[0].writer",
                "SqlServerWriter does not run on the host (no 'vm' key); writers on the host: Microsoft Hyper-V VSS Writer, "
                    + "System Writer, Registry Writer, WMI Writer, ASR Writer; add vm: to target a guest"),
        Refusal("Hyper-V writer in a guest", fault("{ vm: VM1, writer: Microsoft Hyper-V VSS Writer, event: freeze, action: hang }"),
                at: 13, 24, key: "faults[0].writer",
                "Microsoft Hyper-V VSS Writer does not run on VM1; writers on VM1: SqlServerWriter, System Writer, Registry Writer, WMI Writer, ASR Writer"),
        Refusal("SQL Server writer on a VM without SQL Server", fault("{ vm: VM3, writer: SqlServerWriter, event: freeze, action: hang }"),
                at: 13, 24, key: "faults[0].writer",
                "SqlServerWriter does not run on VM3; writers on VM3: System Writer, Registry Writer, WMI Writer, ASR Writer"),
        Refusal("event missing", fault("{ vm: VM1, writer: SqlServerWriter, action: hang }"),
                at: 13, 5, key: "faults[0].event", "missing required key 'event'; allowed: \(events)"),
        Refusal("event not faultable", fault("{ vm: VM1, writer: SqlServerWriter, event: abort, action: hang }"),
                at: 13, 48, key: "faults[0].event", "unknown value 'abort'; allowed: \(events)"),
        Refusal("action missing", fault("{ vm: VM1, writer: SqlServerWriter, event: freeze }"),
                at: 13, 5, key: "faults[0].action", "missing required key 'action'; allowed: fail, hang, delay"),
        Refusal("action unknown", fault("{ vm: VM1, writer: SqlServerWriter, event: freeze, action: crash }"),
                at: 13, 64, key: "faults[0].action", "unknown value 'crash'; allowed: fail, hang, delay"),
        Refusal("fail without error", fault("{ vm: VM1, writer: SqlServerWriter, event: freeze, action: fail }"),
                at: 13, 5, key: "faults[0].error", "missing required key 'error'; allowed: \(failures)"),
        Refusal("error unknown", fault("{ vm: VM1, writer: SqlServerWriter, event: freeze, action: fail, error: fatal }"),
                at: 13, 77, key: "faults[0].error", "unknown value 'fatal'; allowed: \(failures)"),
        Refusal("error on an action other than fail", fault("{ vm: VM1, writer: SqlServerWriter, event: freeze, action: hang, error: retryable }"),
                at: 13, 70, key: "faults[0]", "'error' applies only to action: fail; this rule's action is hang"),
        Refusal("delay without delayMs", fault("{ vm: VM1, writer: SqlServerWriter, event: freeze, action: delay }"),
                at: 13, 5, key: "faults[0].delayMs", "missing required key 'delayMs'; allowed: milliseconds, 0 or more"),
        Refusal("delayMs negative", fault("{ vm: VM1, writer: SqlServerWriter, event: freeze, action: delay, delayMs: -10 }"),
                at: 13, 80, key: "faults[0].delayMs", "-10 is out of range; allowed: 0 or more"),
        Refusal("delayMs on hang", fault("{ vm: VM1, writer: SqlServerWriter, event: freeze, action: hang, delayMs: 0 }"),
                at: 13, 70, key: "faults[0]", "'delayMs' applies only to action: delay or fail; this rule's action is hang"),
        Refusal("times zero", fault("{ vm: VM1, writer: SqlServerWriter, event: freeze, action: hang, times: 0 }"),
                at: 13, 77, key: "faults[0].times", "0 is out of range; allowed: 1 or more"),
    ]

    @Test(arguments: refusals)
    func refuses(_ refusal: Refusal) {
        refusal.check()
    }

    @Test func faultRulesRecordWhereTheyWereWritten() throws {
        let scenario = try ScenarioParser.parse(topology + """
            faults:
              - { writer: Microsoft Hyper-V VSS Writer, event: prepare-snapshot, action: fail, error: nonretryable }
              - vm: VM3
                writer: WMI Writer
                event: identify
                action: delay
                delayMs: 1500
                times: 2
            """, file: "faults.yaml")
        #expect(scenario.faults.map(\.location) == [
            SourceLocation(file: "faults.yaml", line: 13, column: 5),
            SourceLocation(file: "faults.yaml", line: 14, column: 5),
        ])
        #expect(scenario.faults[0].vm == nil)
        #expect(scenario.faults[0].action == .fail(.nonretryable, afterMilliseconds: 0))
        #expect(scenario.faults[1].event == .identify)
        #expect(scenario.faults[1].action == .delay(milliseconds: 1500))
        #expect(scenario.faults[1].times == 2)
    }
}

@Suite struct FaultPauseTests {
    /// The interface's own example writes `delayMs: 0` on a fail rule: a pause before failing.
    @Test func aFailRuleMayPauseBeforeFailing() throws {
        let scenario = try ScenarioParser.parse("""
            name: x
            vms:
              - name: VM2
            faults:
              - vm: VM2
                writer: System Writer
                event: freeze
                action: fail
                error: retryable
                times: 1
                delayMs: 1500
            """, file: "t.yaml")
        #expect(scenario.faults[0].action == .fail(.retryable, afterMilliseconds: 1500))
        let result = try ScenarioRunner(scenario: scenario).run()
        #expect(result.lastHostBackup?.hresult == .writerErrorRetryable)
        let failed = result.events.first { $0.event == "WriterFailed" && $0.scope == "HV01/VM2/System Writer" }
        let freeze = result.events.first { $0.event == "Freeze" && $0.scope == "HV01/VM2/System Writer" }
        #expect(failed!.tMs - freeze!.tMs >= 1500)
    }
}
