import Foundation
import HostBackup
import Testing

@Suite("Scenario parser: the document and its top-level keys")
struct ScenarioParserDocumentTests {
    static let topLevelKeys = "name, seed, clock, host, hosts, volumes, vms, availabilityGroups, workload, faults, steps, schedule, expect"

    static let refusals: [Refusal] = [
        Refusal("YAML syntax error", "name: t\nvms: [ { name: VM1 }\n", at: 3, 1, key: nil,
                "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at 2:6)"),
        Refusal("tab indentation", "name: t\nvms:\n\t- name: VM1\n", at: 3, 1, key: nil,
                "YAML syntax error: found character that cannot start any token (while scanning for the next token at 3:1)"),
        Refusal("duplicate key", "name: t\nvms: [{ name: VM1 }]\nname: u\n", at: 1, 1, key: nil,
                "duplicate key 'name' in one mapping; each key may be written once"),
        Refusal("two documents", "name: t\nvms: [{ name: VM1 }]\n---\nname: u\n", at: 3, 1, key: nil,
                "YAML syntax error: but found another document (expected a single document in the stream at 1:1)"),
        Refusal("empty document", "# nothing but a comment\n", at: 1, 1, key: nil,
                "the file holds no scenario; it needs at least the keys name and vms"),
        Refusal("document is a list", "- name: t\n", at: 1, 1, key: nil,
                "expected a mapping, found a list; allowed keys: \(topLevelKeys)"),
        Refusal("unknown top-level key", "name: t\nvms: [{ name: VM1 }]\nstats: true\n", at: 3, 1, key: nil,
                "unknown top-level key 'stats'; allowed: \(topLevelKeys)"),
        Refusal("name missing", "seed: 1\nvms: [{ name: VM1 }]\n", at: 1, 1, key: "name",
                "missing required key 'name'"),
        Refusal("name not a string", "name: [a, b]\nvms: [{ name: VM1 }]\n", at: 1, 7, key: "name",
                "expected a string, found a list"),
        Refusal("name empty", "name: ''\nvms: [{ name: VM1 }]\n", at: 1, 7, key: "name",
                "expected a non-empty string, found ''"),
        Refusal("seed negative", "name: t\nseed: -1\nvms: [{ name: VM1 }]\n", at: 2, 7, key: "seed",
                "-1 is out of range; allowed: 0..18446744073709551615"),
        Refusal("seed beyond UInt64", "name: t\nseed: 18446744073709551616\nvms: [{ name: VM1 }]\n", at: 2, 7,
                key: "seed", "18446744073709551616 is out of range; allowed: 0..18446744073709551615"),
        Refusal("seed not an integer", "name: t\nseed: 7.5\nvms: [{ name: VM1 }]\n", at: 2, 7, key: "seed",
                "expected a non-negative integer, found '7.5'; allowed: 0..18446744073709551615"),
        Refusal("seed quoted", "name: t\nseed: \"7\"\nvms: [{ name: VM1 }]\n", at: 2, 7, key: "seed",
                "expected a non-negative integer, found the quoted string '7'; allowed: 0..18446744073709551615"),
        Refusal("clock unknown", "name: t\nclock: wall\nvms: [{ name: VM1 }]\n", at: 2, 8, key: "clock",
                "unknown value 'wall'; allowed: virtual, real"),
        Refusal("volumes unknown", "name: t\nvolumes: disk\nvms: [{ name: VM1 }]\n", at: 2, 10, key: "volumes",
                "unknown value 'disk'; allowed: fuse, memory"),
        Refusal("host not a mapping", "name: t\nhost: HV01\nvms: [{ name: VM1 }]\n", at: 2, 7, key: "host",
                "expected a mapping, found 'HV01'; allowed keys: name, hypervisor, backupType"),
        Refusal("host unknown key", "name: t\nhost: { nam: HV01 }\nvms: [{ name: VM1 }]\n", at: 2, 9, key: "host",
                "unknown key 'nam'; allowed: name, hypervisor, backupType"),
        Refusal("host backup type unknown", "name: t\nhost:\n  backupType: VSS_BT_FULL\nvms: [{ name: VM1 }]\n",
                at: 3, 15, key: "host.backupType",
                "unknown value 'VSS_BT_FULL'; allowed: full, copy, incremental, differential, log"),
        Refusal("workload rate negative", "name: t\nvms: [{ name: VM1 }]\nworkload: { transactionsPerSecond: -5 }\n",
                at: 3, 36, key: "workload.transactionsPerSecond", "-5 is out of range; allowed: a number, 0 or more"),
        Refusal("workload rate not a number", "name: t\nvms: [{ name: VM1 }]\nworkload:\n  transactionsPerSecond: many\n",
                at: 4, 26, key: "workload.transactionsPerSecond",
                "expected a number, found 'many'; allowed: a number, 0 or more"),
        Refusal("workload unknown key", "name: t\nvms: [{ name: VM1 }]\nworkload: { tps: 5 }\n", at: 3, 13,
                key: "workload", "unknown key 'tps'; allowed: transactionsPerSecond"),
        Refusal("vms missing", "name: t\nseed: 1\n", at: 1, 1, key: "vms", "missing required key 'vms'"),
        Refusal("vms empty", "name: t\nvms: []\n", at: 2, 6, key: "vms", "at least one VM is needed; found an empty list"),
        Refusal("vms not a list", "name: t\nvms: VM1\n", at: 2, 6, key: "vms", "expected a list, found 'VM1'"),
    ]

    @Test(arguments: refusals)
    func refuses(_ refusal: Refusal) {
        refusal.check()
    }

    @Test func descriptionIsOneLineWithEveryKnownPart() {
        let full = ScenarioError(file: "examples/x.yaml", line: 12, column: 16, key: "vms[1].sql.version",
                                 message: "unknown value '2012-SP4'; allowed: 2012-RTM")
        #expect(full.description == "examples/x.yaml:12:16: vms[1].sql.version: unknown value '2012-SP4'; allowed: 2012-RTM")
        let noKey = ScenarioError(file: "x.yaml", line: 3, column: 1, key: nil, message: "YAML syntax error: x")
        #expect(noKey.description == "x.yaml:3:1: YAML syntax error: x")
        let noPosition = ScenarioError(file: "x.yaml", line: nil, column: nil, key: nil, message: "cannot read")
        #expect(noPosition.description == "x.yaml: cannot read")
        let multiline = ScenarioError(file: "x.yaml", line: 1, column: 1, key: "vms", message: "unknown VM 'a\nb'")
        #expect(multiline.description == "x.yaml:1:1: vms: unknown VM 'a b'")
    }

    @Test func loadReadsAFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ok.yaml").path
        try "name: from-disk\nvms: [{ name: VM1 }]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let scenario = try ScenarioParser.load(path: path)
        #expect(scenario.name == "from-disk")
    }

    @Test func loadNamesThePathInErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.yaml").path
        try "name: t\nvms: [{ name: VM1, stat: off }]\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ScenarioError(file: path, line: 2, column: 20, key: "vms[0]",
                                      message: "unknown key 'stat'; allowed: name, state, backupIntegrationService, os, guestAgent, sql")) {
            try ScenarioParser.load(path: path)
        }
    }

    @Test func unreadableFilesAreScenarioErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.yaml").path
        #expect(throws: ScenarioError(file: missing, line: nil, column: nil, key: nil,
                                      message: "cannot read the scenario file: No such file or directory")) {
            try ScenarioParser.load(path: missing)
        }
        #expect(throws: ScenarioError(file: directory.path, line: nil, column: nil, key: nil,
                                      message: "cannot read the scenario file: it is a directory")) {
            try ScenarioParser.load(path: directory.path)
        }
        let binary = directory.appendingPathComponent("binary.yaml")
        try Data([0x6E, 0x61, 0xFF, 0xFE]).write(to: binary)
        #expect(throws: ScenarioError(file: binary.path, line: nil, column: nil, key: nil,
                                      message: "cannot read the scenario file: it is not UTF-8 text")) {
            try ScenarioParser.load(path: binary.path)
        }
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-parser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
