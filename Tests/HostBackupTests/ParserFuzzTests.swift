import Foundation
import HostBackup
import SnapWriter
import Testing

/// Thousands of mutated scenario and history files: each must parse or be refused with a
/// located message; none may crash or hang. Mutations are seeded, so a failure replays.
@Suite struct ParserFuzzTests {
    static let examplesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")

    static func corpus(_ suffix: String, under sub: String = "") -> [String] {
        let directory = examplesDirectory.appendingPathComponent(sub)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().compactMap {
            try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)
        }
    }

    /// Byte-level and line-level mutations of a text.
    static func mutate(_ text: String, random: inout SeededRandom) -> String {
        var bytes = Array(text.utf8)
        let fragments: [[UInt8]] = [": ", "- ", "{", "}", "[", "]", "\"", "'", "\n", "  ", "\t", "null", "-1",
                                    "99999999999999999999999", "0x", "&a", "*a", "!!binary", "~", ":", "#", "\u{0}", "é"]
            .map { Array($0.utf8) }
        for _ in 0..<(1 + Int(random.next() % 4)) {
            guard !bytes.isEmpty else { break }
            let position = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 6 {
            case 0: bytes.remove(at: position)
            case 1: bytes.insert(contentsOf: fragments[Int(random.next() % UInt64(fragments.count))], at: position)
            case 2: bytes[position] = UInt8(truncatingIfNeeded: random.next())
            case 3:
                let end = min(bytes.count, position + Int(random.next() % 40))
                bytes.removeSubrange(position..<end)
            case 4:
                let end = min(bytes.count, position + Int(random.next() % 40))
                bytes.insert(contentsOf: bytes[position..<end], at: Int(random.next() % UInt64(bytes.count)))
            default:
                let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                guard lines.count > 2 else { break }
                var shuffled = lines
                shuffled.swapAt(Int(random.next() % UInt64(lines.count)), Int(random.next() % UInt64(lines.count)))
                bytes = Array(shuffled.joined(separator: "\n").utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func mutatedScenariosParseOrAreRefusedWithALocation() throws {
        let seeds = Self.corpus(".yaml")
        #expect(!seeds.isEmpty)
        var random = SeededRandom(seed: 2024)
        var refused = 0
        for round in 0..<3000 {
            let text = Self.mutate(seeds[round % seeds.count], random: &random)
            do {
                let scenario = try ScenarioParser.parse(text, file: "fuzz.yaml")
                #expect(!scenario.vms.isEmpty, "round \(round): a valid scenario has a VM")
            } catch {
                refused += 1
                #expect(error.description.hasPrefix("fuzz.yaml"), "round \(round): \(error.description)")
                #expect(!error.description.contains("\n"), "round \(round): one line")
            }
        }
        #expect(refused > 100, "the mutations reach the validator")
    }

    @Test func mutatedScenariosThatParseAlsoRun() throws {
        let seeds = Self.corpus(".yaml")
        var random = SeededRandom(seed: 77)
        var ran = 0
        for round in 0..<400 {
            let text = Self.mutate(seeds[round % seeds.count], random: &random)
            guard var scenario = try? ScenarioParser.parse(text, file: "fuzz.yaml") else { continue }
            scenario.volumes = .memory
            scenario.clock = .virtual
            do {
                _ = try ScenarioRunner(scenario: scenario).run()
                ran += 1
            } catch {
                #expect(error.description.hasPrefix("fuzz.yaml"), "round \(round): \(error.description)")
            }
        }
        #expect(ran > 10)
    }

    @Test func mutatedHistoriesAreReadOrRefusedWithALocation() throws {
        let seeds = Self.corpus(".json", under: "history")
        #expect(!seeds.isEmpty)
        var random = SeededRandom(seed: 11)
        for round in 0..<3000 {
            let text = Self.mutate(seeds[round % seeds.count], random: &random)
            do {
                let history = try BackupHistory(json: text)
                for database in history.databaseNames {
                    _ = RestorePlanner(history: history, database: database).plan(stopAt: nil)
                }
            } catch {
                #expect(!error.description.isEmpty, "round \(round)")
            }
        }
    }

    @Test func mutatedScenariosThroughTheCLIEndInAResultOrExitTwo() throws {
        let seeds = Self.corpus(".yaml")
        var random = SeededRandom(seed: 5)
        for round in 0..<40 {
            var text = Self.mutate(seeds[round % seeds.count], random: &random)
            text = text.replacingOccurrences(of: "volumes: fuse", with: "volumes: memory")
            let path = try CLIProcess.temporaryFile(text, name: "fuzz-\(round).yaml")
            let outcome = try CLIProcess.run(["run", path, "--format", "json"])
            #expect([0, 1, 2].contains(outcome.status), "round \(round): exit \(outcome.status): \(outcome.stderr)")
            if outcome.status == 2 {
                #expect(outcome.stderr.contains(path), "round \(round): \(outcome.stderr)")
                #expect(outcome.stdout.isEmpty, "round \(round): nothing runs")
            }
        }
    }
}
