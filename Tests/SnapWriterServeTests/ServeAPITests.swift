import Foundation
import SnapWriter
import Testing
import TestSupport

/// `snapwriter serve` driven over HTTP as a client would: the real executable, curl, and the
/// three-VM host whose 2012 SP1 secondary (VM3) fails every host backup. Its volumes are
/// FUSE mounts, so it runs where /dev/fuse works (and must, in CI).
@Suite(.serialized, .enabled(if: FuseAvailability.deviceUsable
        || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1", "needs /dev/fuse"))
struct ServeAPITests {
    @Test func readsTheWorldRunsAHostBackupAndEndsCleanly() throws {
        let (scenario, out) = try ServeProcess.threeVMs()
        let server = try ServeProcess([scenario, "--listen", "127.0.0.1:0", "--out", out])
        defer { server.terminate() }

        let health = try server.curl("GET", "/health")
        #expect(health.status == 200)
        #expect(health.object["status"] as? String == "ok")
        let openAPI = try server.curl("GET", "/openapi.json")
        #expect(openAPI.status == 200)
        #expect(openAPI.object["openapi"] as? String == "3.1.0")
        let serveFile = try String(contentsOfFile: out + "/serve.json", encoding: .utf8)
        #expect(serveFile.contains(server.url))

        let hosts = try server.curl("GET", "/hosts")
        #expect(hosts.status == 200)
        let host = (hosts.object["hosts"] as? [[String: Any]])?.first
        #expect(host?["name"] as? String == "HV01")
        #expect(host?["vms"] as? [String] == ["VM1", "VM2", "VM3"])

        let vm = try server.curl("GET", "/vms/VM3")
        #expect(vm.status == 200)
        #expect(vm.object["host"] as? String == "HV01")
        let sql = vm.object["sql"] as? [String: Any]
        #expect(sql?["version"] as? String == "2012-SP1")
        let volume = (vm.object["volumes"] as? [[String: Any]])?.first
        #expect(volume?["name"] as? String == "D:")
        #expect((volume?["mountpoint"] as? String)?.hasPrefix(out) == true)
        #expect(try server.curl("GET", "/vms").object["vms"] as? [Any] != nil)

        let writers = try server.curl("GET", "/vms/VM3/writers")
        let names = (writers.object["writers"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(names.contains("SqlServerWriter"))
        let text = try server.curl("GET", "/vms/VM3/writers?format=vssadmin")
        #expect(text.contentType.hasPrefix("text/plain"))
        #expect(text.body.contains("Writer name: 'SqlServerWriter'"))
        #expect(text.body.contains("   State: [1] Stable"))
        let hostText = try server.curl("GET", "/hosts/HV01/writers?format=vssadmin")
        #expect(hostText.body.contains("Writer name: 'Microsoft Hyper-V VSS Writer'"))

        let started = try server.curl("POST", "/hosts/HV01/backups", body: #"{"type": "full"}"#)
        #expect(started.status == 202)
        #expect(started.object["status"] as? String == "running")
        let id = try #require(started.object["id"] as? String)
        var backup: [String: Any] = [:]
        let ended = try eventually(within: 300) {
            backup = try server.curl("GET", "/hosts/HV01/backups/\(id)").object
            return backup["status"] as? String != "running"
        }
        #expect(ended)
        #expect(backup["status"] as? String == "failed")
        #expect(backup["hresult"] as? String == "0x800423F4")
        #expect((backup["failure"] as? [String: Any])?["vm"] as? String == "VM3")
        let vm3 = (backup["vms"] as? [[String: Any]])?.first { $0["name"] as? String == "VM3" }
        #expect(vm3?["result"] as? String == "failed")

        let restart = try server.curl("POST", "/steps", body: #"{"restartService": {"vm": "VM3", "service": "SQLWriter"}}"#)
        #expect(restart.status == 200)
        #expect(restart.object["kind"] as? String == "restartService")
        #expect(restart.object["ok"] as? Bool == true)

        let events = try server.curl("GET", "/events?since=0")
        let next = try #require(events.object["next"] as? Int)
        #expect(next > 0)
        #expect((events.object["events"] as? [Any])?.isEmpty == false)
        let none = try server.curl("GET", "/events?since=\(next)&wait=0.2")
        #expect((none.object["events"] as? [Any])?.isEmpty == true)
        #expect(none.object["next"] as? Int == next)

        // A waiting reader returns as soon as an event comes, not at the end of its wait.
        let waiting = Process()
        waiting.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        waiting.arguments = ["-sS", "-o", "/dev/null", "\(server.url)/api/v1/events?since=\(next)&wait=60"]
        let waitStarted = Date()
        try waiting.run()
        let advanced = try server.curl("POST", "/clock/advance", body: #"{"seconds": 30}"#)
        #expect(advanced.status == 200)
        #expect(eventually(within: 50) { !waiting.isRunning })
        #expect(Date().timeIntervalSince(waitStarted) < 50)
        let metrics = try server.curl("GET", "/metrics")
        #expect(metrics.body.contains(#"snapwriter_host_backups_total{host="HV01",result="failed"} 1"#))
        #expect(metrics.body.contains(#"writer="SqlServerWriter""#))
        #expect(metrics.body.contains(#"snapwriter_freeze_window_seconds_count{machine="VM1",writer="SqlServerWriter"} 1"#))
        #expect(metrics.body.contains(#"snapwriter_writes_held_seconds_count{machine="VM1"} 1"#))
        #expect(try server.curl("GET", "/vms/VM1/msdb/backupset").object["backupset"] != nil)
        #expect(try server.curl("GET", "/vms/VM3/errorlog").object["lines"] != nil)
        #expect(try server.curl("GET", "/history").status == 200)

        #expect(server.stop() == 0)
        let result = try String(contentsOfFile: out + "/result.json", encoding: .utf8)
        #expect(result.contains(#""schema": "snapwriter.serve/1""#))
        #expect(result.contains(#""hresult": "0x800423F4""#))
        for file in ["events.jsonl", "msdb.sqlite", "history.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file) missing")
        }
        #expect(ServeProcess.mounts(under: out).isEmpty)
    }

    @Test func refusesMisuseWithTheErrorsOfTheConventions() throws {
        let (scenario, out) = try ServeProcess.threeVMs()
        let server = try ServeProcess([scenario, "--listen", "127.0.0.1:0", "--out", out])
        defer { server.terminate() }

        let unknownVM = try server.curl("GET", "/vms/VM9")
        #expect(unknownVM.status == 404)
        #expect((unknownVM.object["error"] as? [String: Any])?["message"] as? String ?? "" ~= "VM9")
        #expect(try server.curl("GET", "/hosts/HV02/writers").status == 404)
        #expect(try server.curl("GET", "/hosts/HV01/backups/b99").status == 404)
        #expect(try server.curl("DELETE", "/faults/f99").status == 404)
        #expect(try server.curl("GET", "/nothing").status == 404)
        #expect(try server.curl("GET", "/vms/bad%2Fname").status == 400)
        #expect(try server.curl("DELETE", "/vms").status == 405)

        let badType = try server.curl("POST", "/steps", body: #"{"backup": {"vm": "VM1", "database": "Sales", "type": "weekly"}}"#)
        #expect(badType.status == 400)
        let error = badType.object["error"] as? [String: Any]
        #expect(error?["code"] as? String == "bad-request")
        #expect(error?["path"] as? String == "steps[0].backup.type")
        #expect(try server.curl("POST", "/steps", body: "{not json").status == 400)
        let tooLong = try server.curl("POST", "/steps", body: #"{"workload": {"seconds": 100000}}"#)
        #expect(tooLong.status == 400)
        #expect((tooLong.object["error"] as? [String: Any])?["message"] as? String ?? "" ~= "86400")
        #expect(try server.curl("POST", "/clock/advance", body: #"{"seconds": -1}"#).status == 400)

        let large = FileManager.default.temporaryDirectory.appendingPathComponent("serve-large-\(UUID().uuidString).json")
        try Data(repeating: UInt8(ascii: " "), count: 2 << 20).write(to: large)
        defer { try? FileManager.default.removeItem(at: large) }
        #expect(try server.curl("POST", "/steps", body: "@" + large.path).status == 413)

        let fault = try server.curl("POST", "/faults", body: #"{"vm": "VM1", "writer": "SqlServerWriter", "event": "freeze", "action": "fail", "error": "retryable", "times": 1}"#)
        #expect(fault.status == 201)
        let faultID = try #require(fault.object["id"] as? String)
        let listed = try server.curl("GET", "/faults").object["faults"] as? [[String: Any]]
        #expect(listed?.contains { $0["id"] as? String == faultID } == true)
        let badFault = try server.curl("POST", "/faults", body: #"{"vm": "VM1", "writer": "SqlServerWriter", "event": "never", "action": "fail"}"#)
        #expect((badFault.object["error"] as? [String: Any])?["path"] as? String == "faults[0].event")
        #expect(try server.curl("DELETE", "/faults/\(faultID)").status == 200)
        #expect(try server.curl("POST", "/reset").status == 200)
        #expect(try server.curl("GET", "/health").status == 200)
        let rebuilt = try server.curl("GET", "/vms/VM1")
        let mountpoint = (rebuilt.object["volumes"] as? [[String: Any]])?.first?["mountpoint"] as? String
        #expect(mountpoint.map { ServeProcess.mounts(under: $0).count } == 1, "the rebuilt world's D: is mounted")
        #expect(ServeProcess.mounts(under: out).count == 3, "one mount per VM, the discarded world's gone")
        #expect(server.stop() == 0)
        #expect(ServeProcess.mounts(under: out).isEmpty)
    }

    @Test func aTokenGuardsEveryEndpointButHealth() throws {
        let (scenario, out) = try ServeProcess.threeVMs()
        let server = try ServeProcess([scenario, "--listen", "127.0.0.1:0", "--out", out, "--token", "s3cret"])
        defer { server.terminate() }
        #expect(try server.curl("GET", "/health").status == 200)
        #expect(try server.curl("GET", "/hosts").status == 401)
        #expect(try server.curl("GET", "/hosts", headers: ["Authorization: Bearer wrong"]).status == 401)
        server.token = "s3cret"
        #expect(try server.curl("GET", "/hosts").status == 200)
        #expect(server.stop(SIGINT) == 0)
    }

    @Test func refusesWhatServeCannotDo() throws {
        let (scenario, out) = try ServeProcess.threeVMs()
        let open = try ServeProcess([scenario, "--listen", "0.0.0.0:0", "--out", out], expectReady: false)
        #expect(eventually(within: 120) { !open.process.isRunning })
        #expect(open.process.terminationStatus == 2)
        #expect(open.stderr.contains("--token"))

        let withExpect = ServeProcess.packageRoot.appendingPathComponent("examples/three-vms.yaml").path
        let refused = try ServeProcess([withExpect, "--listen", "127.0.0.1:0"], expectReady: false)
        #expect(eventually(within: 120) { !refused.process.isRunning })
        #expect(refused.process.terminationStatus == 2)
        #expect(refused.stderr.contains("expect"))
    }

    /// A writer that takes 20 s over Freeze on the real clock holds the world for that long.
    /// Every read, and a fault rule posted meanwhile, is answered while the backup still runs:
    /// each answer is checked against the backup's own status, not against a stopwatch.
    @Test func aRealClockCannotBeAdvancedAndNoReadWaitsForASlowWriter() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-serve-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = directory.appendingPathComponent("real.yaml").path
        try """
            name: real-clock
            clock: real
            volumes: memory
            vms:
              - name: VM1
                sql: { version: 2019, databases: [ { name: Sales } ] }
            faults:
              - { vm: VM1, writer: SqlServerWriter, event: freeze, action: delay, delayMs: 20000 }
            """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let server = try ServeProcess([scenario, "--listen", "127.0.0.1:0"])
        defer { server.terminate() }
        let advanced = try server.curl("POST", "/clock/advance", body: #"{"seconds": 1}"#)
        #expect(advanced.status == 409)
        #expect((advanced.object["error"] as? [String: Any])?["code"] as? String == "conflict")

        let started = try server.curl("POST", "/hosts/HV01/backups", body: "{}")
        #expect(started.status == 202)
        let id = try #require(started.object["id"] as? String)
        func stillRunning() throws -> Bool {
            try server.curl("GET", "/hosts/HV01/backups/\(id)").object["status"] as? String == "running"
        }
        // The writer is inside Freeze once the trace says so; the trace is live.
        #expect(try eventually(within: 60) {
            let events = try server.curl("GET", "/events?since=0").object["events"] as? [[String: Any]] ?? []
            return events.contains { ($0["event"] as? String) == "Freeze" && ($0["scope"] as? String) == "HV01/VM1/SqlServerWriter" }
        })
        #expect(try stillRunning(), "the slow writer should still hold the world")

        let writers = try server.curl("GET", "/vms/VM1/writers")
        #expect(writers.status == 200)
        #expect((writers.object["writers"] as? [[String: Any]])?.contains { $0["name"] as? String == "SqlServerWriter" } == true)
        for path in ["/health", "/hosts", "/vms", "/vms/VM1", "/vms/VM1/msdb/backupset", "/vms/VM1/errorlog",
                     "/history", "/faults", "/metrics", "/vms/VM1/shadows", "/hosts/HV01/writers?format=vssadmin"] {
            #expect(try server.curl("GET", path).status == 200, "\(path)")
        }
        let posted = try server.curl("POST", "/faults", body: #"{"vm": "VM1", "writer": "System Writer", "event": "thaw", "action": "fail", "error": "retryable"}"#)
        #expect(posted.status == 201, "\(posted.object)")
        #expect(try stillRunning(), "every read above was answered while the writer was still in Freeze")

        #expect(try eventually(within: 120) { try !stillRunning() })
        #expect(server.stop() == 0)
    }

    @Test func aSecondServerCleansTheMountsOfAKilledOne() throws {
        let (scenario, out) = try ServeProcess.threeVMs()
        let killed = try ServeProcess([scenario, "--listen", "127.0.0.1:0", "--out", out])
        #expect(!ServeProcess.mounts(under: out).isEmpty)
        killed.stop(SIGKILL)

        let second = try ServeProcess([scenario, "--listen", "127.0.0.1:0", "--out", out])
        defer { second.terminate() }
        #expect(second.stderr.contains("cleaned a stale mount"))
        #expect(try second.curl("GET", "/vms/VM1").status == 200)
        #expect(second.stop() == 0)
        #expect(ServeProcess.mounts(under: out).isEmpty)
    }
}

/// `message ~= "VM9"`: the message names it.
private func ~= (text: String, part: String) -> Bool { text.contains(part) }
