import Foundation
import HostBackup
import Testing

/// Every kind of name against the table of hostile names: the parser refuses what the
/// kind's rule refuses, at the name's file, line, column and key, and accepts the rest.
struct NameRuleTests {
    static let kinds = ["scenario", "host", "vm", "database", "availabilityGroup"]

    static func refuses(_ kind: String, _ name: HostileNames.Name) -> Bool {
        switch kind {
        case "host", "vm": !HostileNames.acceptedMachineNames.contains(name.label)
        case "scenario": HostileNames.refusedScenarioNames.contains(name.label)
        default: HostileNames.refusedSQLNames.contains(name.label)
        }
    }

    @Test(arguments: kinds, HostileNames.all)
    func theParserRefusesExactlyWhatTheRuleRefuses(kind: String, name: HostileNames.Name) throws {
        let yaml = HostileNames.scenario(kind, name.text)
        let place = HostileNames.place(kind)
        do {
            let scenario = try ScenarioParser.parse(yaml, file: "test.yaml")
            #expect(!Self.refuses(kind, name), "accepted \(name) as a \(kind) name")
            let names = [scenario.name, scenario.host.name] + scenario.vms.map(\.name)
                + scenario.vms.flatMap { $0.sql?.databases.map(\.name) ?? [] } + scenario.availabilityGroups.map(\.name)
            #expect(names.contains(name.text), "the \(kind) name came out changed")
        } catch {
            #expect(Self.refuses(kind, name), "refused \(name) as a \(kind) name: \(error)")
            #expect(error.line == place.line)
            #expect(error.column == place.column)
            #expect(error.key == place.key)
            #expect(error.message.contains("is not a"), "\(error.message)")
            #expect(!error.description.contains("\n") && !error.description.contains("\u{0}"))
        }
    }

    @Test func aReferenceToAVMIsCheckedByTheSameRule() throws {
        let yaml = HostileNames.scenario("vm", "VM1") + """
            steps:
              - backup: { vm: "../VM1", database: Sales, type: full }

            """
        #expect(throws: ScenarioError.self) { try ScenarioParser.parse(yaml, file: "test.yaml") }
        do {
            _ = try ScenarioParser.parse(yaml, file: "test.yaml")
        } catch {
            #expect(error.key == "steps[0].backup.vm")
            #expect(error.message.contains("is not a VM name"))
        }
    }

    @Test func machineNamesHaveAtMostAHundredCharacters() {
        #expect(NameKind.vm.refusal(of: String(repeating: "v", count: 100)) == nil)
        #expect(NameKind.vm.refusal(of: String(repeating: "v", count: 101)) != nil)
        #expect(NameKind.database.refusal(of: String(repeating: "d", count: 128)) == nil)
        #expect(NameKind.database.refusal(of: String(repeating: "d", count: 129)) != nil)
    }

    @Test func aRefusalShowsControlCharactersSpelledOut() {
        let refusal = NameKind.vm.refusal(of: "a\u{1B}[31m")
        #expect(refusal?.contains("\\u{1B}") == true)
        #expect(refusal?.unicodeScalars.contains("\u{1B}") == false)
    }

    @Test func aRefusalNamesItsKindWithTheRightArticle() {
        #expect(NameKind.availabilityGroup.refusal(of: "a\tb")?.contains("is not an availability group name") == true)
        #expect(NameKind.database.refusal(of: "a\tb")?.contains("is not a database name") == true)
    }
}
