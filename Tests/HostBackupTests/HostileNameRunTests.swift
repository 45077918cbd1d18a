import Foundation
import HostBackup
import SnapWriter
import Testing

/// `snapwriter run` with hostile names: a refused name is exit 2 naming its key, with
/// nothing written under `--out` or beside it; accepted ones keep every file inside `--out`;
/// no run hangs or leaves a mount.
@Suite(.serialized)
struct HostileNameRunTests {
    static let refusals: [(kind: String, name: HostileNames.Name)] = NameRuleTests.kinds.flatMap { kind in
        HostileNames.all.filter { NameRuleTests.refuses(kind, $0) }.map { (kind, $0) }
    }

    @Test func everyRefusedNameIsExitTwoAndWritesNothing() throws {
        for (kind, name) in Self.refusals {
            let scratch = try Self.scratch()
            defer { try? FileManager.default.removeItem(at: scratch) }
            try HostileNames.scenario(kind, name.text).write(to: scratch.appendingPathComponent("s.yaml"),
                                                             atomically: true, encoding: .utf8)
            let outcome = try BoundedProcess.run(["run", "s.yaml", "--out", "lab/runs/out"], in: scratch)
            #expect(!outcome.hung)
            #expect(outcome.status == 2, "\(kind) \(name): exit \(outcome.status)")
            let lines = outcome.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(kind) \(name): \(outcome.stderr)")
            let place = HostileNames.place(kind)
            #expect(outcome.stderr.hasPrefix("snapwriter: s.yaml:\(place.line):\(place.column): \(place.key): "),
                    "\(kind) \(name): \(outcome.stderr)")
            #expect(BoundedProcess.tree(scratch.path) == ["s.yaml"], "\(kind) \(name) wrote files")
        }
    }

    @Test func acceptedHostileNamesKeepEveryFileInsideOut() throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let sqlNames = HostileNames.all.filter { !HostileNames.refusedSQLNames.contains($0.label) }
        let databases = sqlNames.map { "{ name: \(HostileNames.yaml($0.text)) }" }.joined(separator: ", ")
        let yaml = """
            name: "../../scenario/..\\u2215x"
            host: { name: COM1 }
            vms:
              - name: CON
                sql: { version: 2012-SP2-CU2, databases: [ \(databases) ] }
              - name: NUL
                sql: { version: 2012-SP2-CU2, databases: [ { name: "a/b" } ] }
            availabilityGroups:
              - name: "../../ag"
                databases: ["a/b"]
                replicas: [ { vm: CON, role: primary }, { vm: NUL, role: secondary } ]
            expect:
              result: succeeded
              vms:
                CON: { image: { consistency: application-consistent } }

            """
        try yaml.write(to: scratch.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("lab/runs"),
                                                withIntermediateDirectories: true)
        let outcome = try BoundedProcess.run(["run", "s.yaml", "--out", "lab/runs/out", "--format", "json"], in: scratch)
        #expect(!outcome.hung)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let out = scratch.appendingPathComponent("lab/runs/out").resolvingSymlinksInPath().path
        #expect(BoundedProcess.mounts(under: scratch.resolvingSymlinksInPath().path).isEmpty)
        #expect(BoundedProcess.tree(scratch.path).allSatisfy { $0 == "s.yaml" || $0.hasPrefix("lab") })
        #expect(BoundedProcess.tree(scratch.appendingPathComponent("lab").path).allSatisfy { $0.hasPrefix("runs") })
        #expect(BoundedProcess.tree(scratch.appendingPathComponent("lab/runs").path).allSatisfy { $0.hasPrefix("out") })
        for path in BoundedProcess.tree(out) {
            let real = URL(fileURLWithPath: out + "/" + path).resolvingSymlinksInPath().path
            #expect(real.hasPrefix(out + "/"), "\(path) lies outside --out")
        }
        // Every database's files were found in the image under their encoded names.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let vms = try #require(document["vms"] as? [[String: Any]])
        let image = try #require(vms.first?["image"] as? [String: Any])
        let checked = (image["databases"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(checked) == Set(sqlNames.map(\.text)))
        #expect((image["databases"] as? [[String: Any]] ?? []).allSatisfy { $0["quiesced"] as? Bool == true })
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
