import HostBackup
import Testing

/// A scenario the parser must refuse, and exactly where and how.
struct Refusal: CustomTestStringConvertible, Sendable {
    let rule: String
    let yaml: String
    let line: Int
    let column: Int
    let key: String?
    let message: String

    init(_ rule: String, _ yaml: String, at line: Int, _ column: Int, key: String?, _ message: String) {
        self.rule = rule
        self.yaml = yaml
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    var testDescription: String { rule }

    /// The one line the CLI prints for this refusal.
    var expectedDescription: String {
        "test.yaml:\(line):\(column): " + (key.map { "\($0): " } ?? "") + message
    }

    func check() {
        do {
            _ = try ScenarioParser.parse(yaml, file: "test.yaml")
            Issue.record("accepted a scenario that breaks: \(rule)")
        } catch {
            #expect(error.file == "test.yaml")
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.key == key)
            #expect(error.message == message)
            #expect(error.description == expectedDescription)
        }
    }
}

/// Two SQL Server VMs in AG1 and one VM without SQL Server: lines 1 to 11 of most cases.
let topology = """
    name: t
    vms:
      - { name: VM1, sql: { version: 2019, databases: [{ name: Sales }, { name: Stock }] } }
      - { name: VM2, sql: { version: 2019, databases: [{ name: Sales }] } }
      - { name: VM3 }
    availabilityGroups:
      - name: AG1
        databases: [Sales]
        replicas:
          - { vm: VM1, role: primary }
          - { vm: VM2, role: secondary }

    """
