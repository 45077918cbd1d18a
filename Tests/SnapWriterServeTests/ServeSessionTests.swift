import Foundation
import SnapWriter
import Testing
import TestSupport

/// Backup software as the requester: a session on a guest's VSS driven over HTTP with curl
/// in VSS's documented order, its shadow copy exposed and copied with `cp`, then VSS's own
/// codes for calls out of order and a second set.
@Suite(.serialized, .enabled(if: FuseAvailability.deviceUsable
        || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1", "needs /dev/fuse"))
struct ServeSessionTests {
    static func call(_ server: ServeProcess, _ session: String, _ body: String) throws -> [String: Any] {
        let answer = try server.curl("POST", "/vms/VM1/vss/sessions/\(session)/calls", body: body)
        #expect(answer.status == 200, "\(body): \(answer.body)")
        return answer.object
    }

    static func open(_ server: ServeProcess) throws -> String {
        let opened = try server.curl("POST", "/vms/VM1/vss/sessions")
        #expect(opened.status == 201, "\(opened.body)")
        #expect(opened.object["hresult"] as? String == "0x00000000")
        return try #require(opened.object["id"] as? String)
    }

    static func sha256(_ path: String) throws -> String {
        let result = try ServeProcess.run("/usr/bin/sha256sum", [path])
        return String(result.stdout.prefix(64))
    }

    @Test func aCopyBackupInVSSOrderIsExposedCopiedAndRecorded() throws {
        let (scenario, out) = try ServeProcess.threeVMs()
        let server = try ServeProcess([scenario, "--listen", "127.0.0.1:0", "--out", out])
        defer { server.terminate() }
        let session = try Self.open(server)
        for body in [#"{"call": "SetBackupState", "backupType": "VSS_BT_COPY"}"#, #"{"call": "GatherWriterMetadata"}"#] {
            #expect(try Self.call(server, session, body)["hresult"] as? String == "0x00000000", "\(body)")
        }
        let setId = try Self.call(server, session, #"{"call": "StartSnapshotSet"}"#)["snapshotSetId"] as? String
        #expect(setId != nil)
        let added = try Self.call(server, session, #"{"call": "AddToSnapshotSet", "volume": "D:"}"#)
        let shadowId = try #require(added["snapshotId"] as? String)
        #expect(try Self.call(server, session, #"{"call": "PrepareForBackup"}"#)["hresult"] as? String == "0x00000000")
        let done = try Self.call(server, session, #"{"call": "DoSnapshotSet"}"#)
        #expect(done["hresult"] as? String == "0x00000000")
        #expect((done["snapshots"] as? [[String: Any]])?.first?["id"] as? String == shadowId)

        let exposed = try server.curl("POST", "/vms/VM1/shadows/\(shadowId)/expose")
        #expect(exposed.status == 200, "\(exposed.body)")
        let mountpoint = try #require(exposed.object["mountpoint"] as? String)
        #expect(mountpoint.hasPrefix(out + "/"), "exposed under the run directory")
        let copy = out + "/copied-Sales.mdf"
        let copied = try ServeProcess.run("/bin/cp", [mountpoint + "/Data/Sales.mdf", copy])
        #expect(copied.status == 0, "\(copied.stderr)")
        let atSnapshot = try Self.sha256(copy)
        #expect(atSnapshot == (try Self.sha256(mountpoint + "/Data/Sales.mdf")))
        // The live volume goes on being written; the shadow copy stays at its point in time.
        #expect(try server.curl("POST", "/clock/advance", body: #"{"seconds": 30}"#).status == 200)
        #expect(try Self.sha256(mountpoint + "/Data/Sales.mdf") == atSnapshot)
        let listed = try server.curl("GET", "/vms/VM1/shadows").object["shadows"] as? [[String: Any]]
        #expect(listed?.first?["setId"] as? String == setId && listed?.first?["mountpoint"] as? String == mountpoint)

        #expect(try Self.call(server, session, #"{"call": "BackupComplete"}"#)["hresult"] as? String == "0x00000000")
        let lines = try server.curl("GET", "/vms/VM1/errorlog").object["lines"] as? [String] ?? []
        #expect(lines.contains { $0.hasPrefix("I/O is frozen on database Sales.") })
        #expect(lines.contains { $0.hasPrefix("I/O was resumed on database Sales.") })
        let rows = try server.curl("GET", "/vms/VM1/msdb/backupset").object["backupset"] as? [[String: Any]] ?? []
        let row = rows.last { $0["database_name"] as? String == "Sales" }
        #expect(row?["is_copy_only"] as? Bool == true && row?["is_snapshot"] as? Bool == true, "\(rows)")

        #expect(try server.curl("DELETE", "/vms/VM1/vss/sessions/\(session)").status == 204)
        #expect((try server.curl("GET", "/vms/VM1/shadows").object["shadows"] as? [Any])?.isEmpty == true)
        #expect(eventually { !ServeProcess.mounts(under: mountpoint).contains { $0.contains(" \(mountpoint) ") } })
        #expect(try server.curl("DELETE", "/vms/VM1/vss/sessions/\(session)").status == 404, "released once")
    }

    @Test func callsOutOfOrderAndASecondSetGetVSSCodes() throws {
        let (scenario, out) = try ServeProcess.threeVMs()
        let server = try ServeProcess([scenario, "--listen", "127.0.0.1:0", "--out", out])
        defer { server.terminate() }
        let first = try Self.open(server)
        let early = try Self.call(server, first, #"{"call": "DoSnapshotSet"}"#)
        #expect(early["hresult"] as? String == "0x80042301" && early["name"] as? String == "VSS_E_BAD_STATE")
        _ = try Self.call(server, first, #"{"call": "GatherWriterMetadata"}"#)
        _ = try Self.call(server, first, #"{"call": "StartSnapshotSet"}"#)
        let second = try Self.open(server)
        _ = try Self.call(server, second, #"{"call": "GatherWriterMetadata"}"#)
        let refused = try Self.call(server, second, #"{"call": "StartSnapshotSet"}"#)
        #expect(refused["hresult"] as? String == "0x80042316" && refused["name"] as? String == "VSS_E_SNAPSHOT_SET_IN_PROGRESS")
        #expect((refused["writers"] as? [[String: Any]])?.isEmpty == false)

        let bad = try server.curl("POST", "/vms/VM1/vss/sessions/\(first)/calls", body: #"{"call": "Backup"}"#)
        #expect(bad.status == 400)
        #expect((bad.object["error"] as? [String: Any])?["path"] as? String == "call")
        let unknown = try server.curl("POST", "/vms/VM1/vss/sessions/session-99/calls", body: #"{"call": "AbortBackup"}"#)
        #expect(unknown.status == 404)
        #expect(try server.curl("POST", "/vms/VM9/vss/sessions").status == 404)
        #expect(try server.curl("POST", "/vms/VM1/shadows/{nope}/expose").status == 404)
    }
}

/// The story SnapWriter exists for, told over HTTP: a 2012 SP1 secondary fails the host
/// backup, a restart of SQLWriter does not help, patching SQL Server does.
@Suite(.serialized, .enabled(if: FuseAvailability.deviceUsable
        || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1", "needs /dev/fuse"))
struct ServePatchStoryTests {
    static func hostBackup(_ server: ServeProcess) throws -> [String: Any] {
        let started = try server.curl("POST", "/hosts/HV01/backups", body: #"{"type": "full"}"#)
        #expect(started.status == 202)
        let id = try #require(started.object["id"] as? String)
        var backup: [String: Any] = [:]
        #expect(try eventually(within: 300) {
            backup = try server.curl("GET", "/hosts/HV01/backups/\(id)").object
            return backup["status"] as? String != "running"
        })
        return backup
    }

    @Test func aSecondaryOnSP1FailsARestartDoesNotHelpAPatchDoes() throws {
        let (scenario, out) = try ServeProcess.threeVMs()
        let server = try ServeProcess([scenario, "--listen", "127.0.0.1:0", "--out", out])
        defer { server.terminate() }

        let failed = try Self.hostBackup(server)
        #expect(failed["status"] as? String == "failed" && failed["hresult"] as? String == "0x800423F4")
        let failure = failed["failure"] as? [String: Any]
        #expect(failure?["vm"] as? String == "VM3" && failure?["writer"] as? String == "SqlServerWriter")
        #expect((failure?["cause"] as? String)?.isEmpty == false, "the failure names its cause")

        let restart = try server.curl("POST", "/steps", body: #"{"restartService": {"vm": "VM3", "service": "SQLWriter"}}"#)
        #expect(restart.status == 200 && restart.object["ok"] as? Bool == true)
        #expect(try Self.hostBackup(server)["hresult"] as? String == "0x800423F4", "the build still refuses")

        let patch = try server.curl("POST", "/steps", body: #"{"patchSql": {"vm": "VM3", "version": "2012-SP2-CU2"}}"#)
        #expect(patch.status == 200 && patch.object["ok"] as? Bool == true, "\(patch.body)")
        let sql = try server.curl("GET", "/vms/VM3").object["sql"] as? [String: Any]
        #expect(sql?["version"] as? String == "2012-SP2-CU2")

        let succeeded = try Self.hostBackup(server)
        #expect(succeeded["status"] as? String == "succeeded", "\(succeeded)")
        let vm3 = (succeeded["vms"] as? [[String: Any]])?.first { $0["name"] as? String == "VM3" }
        let sales = (vm3?["databases"] as? [[String: Any]])?.first { $0["name"] as? String == "Sales" }
        #expect(sales?["backedUp"] as? Bool == true && sales?["decision"] as? String == "downgraded-to-copy-only")
        let rows = try server.curl("GET", "/vms/VM3/msdb/backupset").object["backupset"] as? [[String: Any]] ?? []
        #expect(rows.contains { $0["database_name"] as? String == "Sales" && $0["is_copy_only"] as? Bool == true
            && $0["is_snapshot"] as? Bool == true }, "\(rows)")
    }
}
