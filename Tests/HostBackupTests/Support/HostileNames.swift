import Foundation

/// The hostile names every kind of name is tried with, and how to write one into a scenario.
enum HostileNames {
    /// A name and what it is, for a test's label.
    struct Name: CustomStringConvertible, Sendable {
        let label: String
        let text: String
        var description: String { label }
    }

    static let all: [Name] = [
        Name(label: "..", text: ".."),
        Name(label: ".", text: "."),
        Name(label: "../x", text: "../x"),
        Name(label: "a/b", text: "a/b"),
        Name(label: "a\\b", text: "a\\b"),
        Name(label: "C:x", text: "C:x"),
        Name(label: "NUL character", text: "x\u{0}y"),
        Name(label: "newline then ../x", text: "\n../x"),
        Name(label: "300 characters", text: String(repeating: "a", count: 300)),
        Name(label: "*?", text: "*?"),
        Name(label: "<x>", text: "<x>"),
        Name(label: "|pipe", text: "|pipe"),
        Name(label: "ends in a dot", text: "x."),
        Name(label: "ends in a space", text: "x "),
        Name(label: "CON", text: "CON"),
        Name(label: "NUL", text: "NUL"),
        Name(label: "COM1", text: "COM1"),
        Name(label: "fullwidth solidus", text: "a\u{FF0F}b"),
        Name(label: "one-dot leaders", text: "\u{2024}\u{2024}"),
        Name(label: "two-dot leader", text: "\u{2025}"),
    ]

    /// The labels of the names each kind's rule accepts; every other one it refuses.
    static let acceptedMachineNames: Set<String> = ["CON", "NUL", "COM1"]
    static let refusedSQLNames: Set<String> = ["NUL character", "newline then ../x", "300 characters"]
    static let refusedScenarioNames: Set<String> = ["NUL character", "newline then ../x"]

    /// `text` as a YAML double-quoted scalar: backslashes, quotes and control characters
    /// escaped, everything else as it is.
    static func yaml(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case _ where scalar.properties.generalCategory == .control:
                quoted += String(format: "\\u%04X", scalar.value)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// A scenario with `name` in the place `kind` says; one VM with SQL Server (and a
    /// second replica when the name is an availability group's).
    static func scenario(_ kind: String, _ name: String) -> String {
        let quoted = yaml(name)
        let scenarioName = kind == "scenario" ? quoted : "hostile"
        let host = kind == "host" ? quoted : "HV01"
        let vm = kind == "vm" ? quoted : "VM1"
        let database = kind == "database" ? quoted : "Sales"
        var text = """
            name: \(scenarioName)
            volumes: memory
            host: { name: \(host) }
            vms:
              - name: \(vm)
                sql: { version: 2012-SP2-CU2, databases: [ { name: \(database) } ] }

            """
        if kind == "availabilityGroup" {
            text += """
                  - name: VM2
                    sql: { version: 2012-SP2-CU2, databases: [ { name: Sales } ] }
                availabilityGroups:
                  - name: \(quoted)
                    databases: [Sales]
                    replicas: [ { vm: VM1, role: primary }, { vm: VM2, role: secondary } ]

                """
        }
        return text
    }

    /// The line, column and key where `kind`'s name stands in `scenario(kind, _)`.
    static func place(_ kind: String) -> (line: Int, column: Int, key: String) {
        switch kind {
        case "scenario": (1, 7, "name")
        case "host": (3, 15, "host.name")
        case "vm": (5, 11, "vms[0].name")
        case "database": (6, 56, "vms[0].sql.databases[0].name")
        default: (10, 11, "availabilityGroups[0].name")
        }
    }
}
