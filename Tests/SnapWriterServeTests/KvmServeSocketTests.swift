import Foundation
import SnapWriter
import Testing
import TestSupport

/// `serve` on a KVM host: each running VM with an agent has `DIR/vms/<VM>/qga.sock`, named
/// by GET /vms/{vm}, speaking the agent's protocol to socat; a host backup runs while a
/// client holds a socket, and the server ends with a client connected.
@Suite(.serialized) struct KvmServeSocketTests {
    static func scenario() throws -> (scenario: String, out: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-kvm-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let scenario = directory.appendingPathComponent("kvm.yaml")
        try """
            name: kvm-serve
            host: { name: PVE1, hypervisor: kvm }
            vms:
              - name: WIN1
                guestAgent: {}
                sql: { version: 2019, databases: [ { name: Sales } ] }
              - name: LNX1
                os: linux
                guestAgent: {}
              - name: LNX2
                os: linux
            """.write(to: scenario, atomically: true, encoding: .utf8)
        return (scenario.path, directory.appendingPathComponent("out").path)
    }

    /// What socat prints for `input` sent to `socket` in one go. The agent keeps the
    /// connection open, so socat waits its `-t` after sending: long enough for a loaded
    /// machine to answer.
    static func socat(_ input: String, _ socket: String) throws -> String {
        try ServeProcess.run("/bin/sh", ["-c", "printf '%s' '\(input)' | socat -t 10 - UNIX-CONNECT:\(socket)"]).stdout
    }

    @Test func theSocketSpeaksTheAgentsProtocolAndTheHostBackupRunsBesideAClient() throws {
        let (scenario, out) = try Self.scenario()
        let server = try ServeProcess([scenario, "--listen", "127.0.0.1:0", "--out", out])
        defer { server.terminate() }
        let vm = try server.curl("GET", "/vms/WIN1").object
        let agent = try #require(vm["guestAgent"] as? [String: Any])
        let socket = try #require(agent["socket"] as? String)
        #expect(socket == out + "/vms/WIN1/qga.sock")
        #expect(try server.curl("GET", "/vms/LNX2").object["guestAgent"] is NSNull)
        #expect(!FileManager.default.fileExists(atPath: out + "/vms/LNX2/qga.sock"))

        // The fact sheet's socat transcript (§1.8).
        let transcript = try Self.socat(#"{"execute":"guest-ping"}{"execute":"guest-fsfreeze-status"}"#
            + #"{"execute":"guest-fsfreeze-freeze"}{"execute":"guest-get-time"}{"execute":"guest-fsfreeze-thaw"}"#, socket)
        #expect(transcript == """
            {"return": {}}
            {"return": "thawed"}
            {"return": 2}
            {"error": {"class": "CommandNotFound", "desc": "Command guest-get-time has been disabled: the command is not allowed"}}
            {"return": 2}

            """)

        // A client freezes LNX1 and stays connected while the host backs up every VM.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        // It thaws once the test says so (the file `thaw`), however long the backup took.
        let thawNow = out + "/../thaw"
        holder.arguments = ["-c", "(printf '%s' '{\"execute\":\"guest-fsfreeze-freeze\"}'; "
            + "while [ ! -e \(thawNow) ]; do sleep 0.1; done; "
            + "printf '%s' '{\"execute\":\"guest-fsfreeze-thaw\"}') | socat -t 10 - UNIX-CONNECT:\(out)/vms/LNX1/qga.sock"]
        let holderOut = Pipe()
        holder.standardOutput = holderOut
        let received = Received()
        holderOut.fileHandleForReading.readabilityHandler = { received.append($0.availableData) }
        try holder.run()
        // The freeze answered: the client holds the socket and LNX1's file systems are frozen.
        #expect(eventually(within: 30) { received.text.contains("\n") })
        let started = try server.curl("POST", "/hosts/PVE1/backups", body: #"{"type": "full"}"#)
        #expect(started.status == 202)
        let id = try #require(started.object["id"] as? String)
        var document: [String: Any] = [:]
        #expect(eventually(within: 120) {
            document = (try? server.curl("GET", "/hosts/PVE1/backups/\(id)").object) ?? [:]
            return document["status"] as? String != "running"
        })
        #expect(document["status"] as? String == "succeeded")
        let vms = try #require(document["vms"] as? [[String: Any]])
        let methods = Dictionary(uniqueKeysWithValues: vms.map { ($0["name"] as? String ?? "", $0["method"] as? String ?? "") })
        #expect(methods == ["WIN1": "guest-agent-freeze", "LNX1": "crash-consistent-snapshot",
                            "LNX2": "crash-consistent-snapshot"])
        let linux = try #require(vms.first { $0["name"] as? String == "LNX1" })
        #expect((linux["guestAgent"] as? [String: Any])?["log"] as? [String]
            == ["INFO: skipping guest filesystem freeze - already frozen"])
        #expect(FileManager.default.createFile(atPath: thawNow, contents: Data()))
        holder.waitUntilExit()
        #expect(eventually(within: 10) { received.text == "{\"return\": 2}\n{\"return\": 2}\n" })
        #expect(server.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    @Test func theServerEndsWithAClientConnected() throws {
        let (scenario, out) = try Self.scenario()
        let server = try ServeProcess([scenario, "--listen", "127.0.0.1:0", "--out", out])
        defer { server.terminate() }
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/bin/sh")
        client.arguments = ["-c", "(printf '%s' '{\"execute\":\"guest-ping\"}'; sleep 30) | socat - UNIX-CONNECT:\(out)/vms/WIN1/qga.sock"]
        client.standardOutput = Pipe()
        try client.run()
        defer { client.terminate() }
        #expect(eventually(within: 10) { FileManager.default.fileExists(atPath: out + "/vms/WIN1/qga.sock") })
        #expect(server.stop() == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/result.json"))
    }
}

/// Bytes a client process printed, as they arrive.
private final class Received: @unchecked Sendable {
    // Safety: `bytes` is read and changed under `lock`.
    private let lock = NSLock()
    private var bytes = Data()

    func append(_ data: Data) { lock.withLock { bytes.append(data) } }
    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
}
