import HostBackup
import SnapWriter
import Testing

@Suite("Scenario parser: expectations")
struct ScenarioParserExpectationTests {
    static let hresults = "0x followed by 1 to 8 hex digits (e.g. 0x800423F4) or a VSS name (e.g. VSS_E_WRITERERROR_NONRETRYABLE)"
    static let states = WriterState.allCases.map(\.name).joined(separator: ", ")

    /// `topology` (one default hostBackup step) with `expect:` on line 12.
    static func expect(_ text: String) -> String { topology + "expect:\n" + text + "\n" }

    static let refusals: [Refusal] = [
        Refusal("expect not a mapping", topology + "expect: failed\n", at: 12, 9, key: "expect",
                "expected a mapping, found 'failed'; allowed keys: result, hresult, vms, steps, jobs"),
        Refusal("expect unknown key", expect("  outcome: failed"), at: 13, 3, key: "expect",
                "unknown key 'outcome'; allowed: result, hresult, vms, steps, jobs"),
        Refusal("result unknown", expect("  result: success"), at: 13, 11, key: "expect.result",
                "unknown value 'success'; allowed: succeeded, failed"),
        Refusal("hresult with nine digits", expect("  hresult: \"0x800423F40\""), at: 13, 12, key: "expect.hresult",
                "'0x800423F40' is not an HRESULT; allowed: \(hresults)"),
        Refusal("hresult without 0x", expect("  hresult: \"800423F4\""), at: 13, 12, key: "expect.hresult",
                "'800423F4' is not an HRESULT; allowed: \(hresults)"),
        Refusal("hresult with non-hex digits", expect("  hresult: 0x8004ZZ"), at: 13, 12, key: "expect.hresult",
                "'0x8004ZZ' is not an HRESULT; allowed: \(hresults)"),
        Refusal("hresult unknown name", expect("  hresult: VSS_E_NOPE"), at: 13, 12, key: "expect.hresult",
                "'VSS_E_NOPE' is not an HRESULT; allowed: \(hresults)"),
        Refusal("vms not a mapping", expect("  vms: [VM1]"), at: 13, 8, key: "expect.vms",
                "expected a mapping, found a list; keys are VM names"),
        Refusal("expectation for an unknown VM", expect("  vms:\n    VM9: { method: saved-state }"),
                at: 14, 5, key: "expect.vms", "unknown VM 'VM9'; VMs: VM1, VM2, VM3"),
        Refusal("VM expectation unknown key", expect("  vms:\n    VM1: { status: failed }"),
                at: 14, 12, key: "expect.vms.VM1", "unknown key 'status'; allowed: method, result, writers, databases, image, guestAgent"),
        Refusal("image consistency unknown", expect("  vms:\n    VM1:\n      image: { consistency: clean }"),
                at: 15, 29, key: "expect.vms.VM1.image.consistency",
                "unknown value 'clean'; allowed: application-consistent, crash-consistent, torn, none"),
        Refusal("image expectation unknown key", expect("  vms:\n    VM1:\n      image: { sha256: abc }"),
                at: 15, 16, key: "expect.vms.VM1.image", "unknown key 'sha256'; allowed: consistency"),
        Refusal("method unknown", expect("  vms:\n    VM1: { method: online }"),
                at: 14, 20, key: "expect.vms.VM1.method", "unknown value 'online'; allowed: child-vm-snapshot, saved-state, guest-agent-freeze, crash-consistent-snapshot"),
        Refusal("VM result unknown", expect("  vms:\n    VM1: { result: skipped }"),
                at: 14, 20, key: "expect.vms.VM1.result", "unknown value 'skipped'; allowed: succeeded, failed, not-attempted"),
        Refusal("writer absent from that VM", expect("  vms:\n    VM3:\n      writers:\n        SqlServerWriter: { state: VSS_WS_STABLE }"),
                at: 16, 9, key: "expect.vms.VM3.writers",
                "unknown writer 'SqlServerWriter' on VM3; writers on VM3: System Writer, Registry Writer, WMI Writer, ASR Writer"),
        Refusal("writer state unknown", expect("  vms:\n    VM1:\n      writers:\n        SqlServerWriter: { state: FAILED }"),
                at: 16, 35, key: "expect.vms.VM1.writers.SqlServerWriter.state",
                "unknown writer state 'FAILED'; allowed: \(states)"),
        Refusal("writer last error not an HRESULT", expect("  vms:\n    VM1:\n      writers:\n        System Writer: { lastError: Retryable error }"),
                at: 16, 37, key: "expect.vms.VM1.writers.System Writer.lastError",
                "'Retryable error' is not an HRESULT; allowed: \(hresults)"),
        Refusal("writer expectation unknown key", expect("  vms:\n    VM1:\n      writers:\n        System Writer: { status: ok }"),
                at: 16, 26, key: "expect.vms.VM1.writers.System Writer", "unknown key 'status'; allowed: state, lastError"),
        Refusal("database absent from that VM", expect("  vms:\n    VM2:\n      databases:\n        Stock: { backedUp: true }"),
                at: 16, 9, key: "expect.vms.VM2.databases", "unknown database 'Stock' on VM2; databases: Sales"),
        Refusal("database on a VM without SQL Server", expect("  vms:\n    VM3:\n      databases:\n        Sales: { backedUp: true }"),
                at: 16, 9, key: "expect.vms.VM3.databases", "unknown database 'Sales' on VM3; databases: none"),
        Refusal("backedUp not a boolean", expect("  vms:\n    VM1:\n      databases:\n        Sales: { backedUp: \"false\" }"),
                at: 16, 28, key: "expect.vms.VM1.databases.Sales.backedUp",
                "expected true or false, found the quoted string 'false'"),
        Refusal("database expectation unknown key", expect("  vms:\n    VM1:\n      databases:\n        Sales: { copyOnly: true }"),
                at: 16, 18, key: "expect.vms.VM1.databases.Sales", "unknown key 'copyOnly'; allowed: backedUp, isCopyOnly, quiesced"),
        Refusal("step index past the default step", expect("  steps:\n    1: { ok: true }"),
                at: 14, 5, key: "expect.steps", "no step 1; allowed: 0"),
        Refusal("step index not a number", expect("  steps:\n    first: { ok: true }"),
                at: 14, 5, key: "expect.steps", "'first' is not a step index; allowed: 0"),
        Refusal("step index negative", topology + "steps: [hostBackup, hostBackup]\nexpect:\n  steps:\n    -1: { ok: true }\n",
                at: 15, 5, key: "expect.steps", "'-1' is not a step index; allowed: 0..1"),
        Refusal("step index when there are no steps", topology + "steps: []\nexpect:\n  steps:\n    0: { ok: true }\n",
                at: 15, 5, key: "expect.steps", "no step 0; allowed: none (the scenario has no steps)"),
        Refusal("step index written twice", expect("  steps:\n    0: { ok: true }\n    \"0\": { skipped: false }"),
                at: 15, 5, key: "expect.steps", "step 0 already has an expectation; write it once"),
        Refusal("msg not an integer", expect("  steps:\n    0: { msg: \"35295\" }"),
                at: 14, 15, key: "expect.steps.0.msg", "expected an integer, found the quoted string '35295'; allowed: 1 or more"),
        Refusal("ok not a boolean", expect("  steps:\n    0: { ok: 1 }"),
                at: 14, 14, key: "expect.steps.0.ok", "expected true or false, found '1'"),
        Refusal("step expectation unknown key", expect("  steps:\n    0: { error: 35295 }"),
                at: 14, 10, key: "expect.steps.0", "unknown key 'error'; allowed: msg, ok, skipped"),
    ]

    @Test(arguments: refusals)
    func refuses(_ refusal: Refusal) {
        refusal.check()
    }

    @Test func expectationsKeepDocumentOrderAndNormaliseCodes() throws {
        let scenario = try ScenarioParser.parse(Self.expect("""
              steps:
                0: { ok: true }
              hresult: 0x800423f4
              vms:
                VM3: { result: not-attempted }
                VM1:
                  databases:
                    Stock: { isCopyOnly: true }
                    Sales: { backedUp: true }
                  writers:
                    WMI Writer: { lastError: S_OK }
                    SqlServerWriter: { lastError: "0x800423F3", state: VSS_WS_FAILED_AT_FREEZE }
            """), file: "test.yaml")
        let expect = try #require(scenario.expect)
        #expect(expect.hresult == "0x800423F4")
        #expect(expect.vms.map(\.vm) == ["VM3", "VM1"])
        #expect(expect.vms[1].databases.map(\.database) == ["Stock", "Sales"])
        #expect(expect.vms[1].databases.map(\.isCopyOnly) == [true, nil])
        #expect(expect.vms[1].writers.map(\.writer) == ["WMI Writer", "SqlServerWriter"])
        #expect(expect.vms[1].writers.map(\.lastError) == ["S_OK", "VSS_E_WRITERERROR_RETRYABLE"])
        #expect(expect.vms[1].writers.map(\.state) == [nil, "VSS_WS_FAILED_AT_FREEZE"])
        #expect(expect.steps.map(\.ok) == [true])
    }
}
