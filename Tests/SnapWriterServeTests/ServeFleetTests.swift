import Foundation
import SnapWriter
import TestSupport
import Testing

/// serve with a fleet's hosts: every host, its writers, its backups and its VMs; a schedule
/// belongs to `run` and is refused.
@Suite struct ServeFleetTests {
    static let fleet = """
        name: served-fleet
        volumes: memory
        hosts:
          - name: HV01
            vms:
              - name: SQL1
                sql: { version: 2012-SP1, databases: [ { name: Sales } ] }
              - name: FILE1
          - name: HV02
            vms:
              - name: SQL2
                sql: { version: 2012-SP1, databases: [ { name: Sales } ] }
              - name: WEB2
        availabilityGroups:
          - name: AG1
            databases: [Sales]
            replicas: [ { vm: SQL1, role: primary }, { vm: SQL2, role: secondary } ]

        """

    private static func write(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-serve-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("fleet.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everyHostIsServedAndBackedUpOnItsOwn() throws {
        let server = try ServeProcess([try Self.write(Self.fleet), "--listen", "127.0.0.1:0"])
        defer { server.terminate() }
        let hosts = try server.curl("GET", "/hosts").object["hosts"] as? [[String: Any]] ?? []
        #expect(hosts.map { $0["name"] as? String } == ["HV01", "HV02"])
        #expect(hosts.last?["vms"] as? [String] == ["SQL2", "WEB2"])
        #expect(try server.curl("GET", "/vms/WEB2").object["host"] as? String == "HV02")
        #expect(try server.curl("GET", "/hosts/HV02/writers").status == 200)
        #expect(try server.curl("GET", "/hosts/HV03/writers").status == 404)

        let started = try server.curl("POST", "/hosts/HV02/backups", body: "{}")
        let id = try #require(started.object["id"] as? String)
        var status: [String: Any] = [:]
        #expect(try eventually(within: 60) {
            status = try server.curl("GET", "/hosts/HV02/backups/\(id)").object
            return status["status"] as? String != "running"
        })
        #expect(status["status"] as? String == "failed")
        #expect((status["failure"] as? [String: Any])?["cause"] as? String
            == "SQL2 hosted a secondary replica of AG1 (Sales) on SQL Server 2012-SP1")
        #expect((status["vms"] as? [[String: Any]])?.map { $0["name"] as? String } == ["SQL2", "WEB2"],
                "only the backed-up host's VMs")
        #expect(try server.curl("GET", "/hosts/HV01/backups/\(id)").status == 404, "a backup belongs to its host")
        #expect(server.stop() == 0)
    }

    @Test func aScheduleIsRefused() throws {
        let path = try Self.write(Self.fleet + "schedule: { days: 1, jobs: [] }\n")
        let outcome = try ServeProcess.run(try #require(ServeProcess.executable).path, ["serve", path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("'schedule' belongs to 'snapwriter run'"))
    }
}
