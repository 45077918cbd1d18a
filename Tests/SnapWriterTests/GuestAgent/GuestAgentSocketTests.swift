import Foundation
import Testing
@testable import SnapWriter
import TestSupport

/// The Unix socket in front of the agent: one client at a time, no greeting, parser state
/// kept across clients, and a close that does not wait for a client to leave.
@Suite struct GuestAgentSocketTests {
    /// A short path under /tmp: sun_path holds 108 bytes.
    static func socketPath() -> String {
        "/tmp/swqga-\(getpid())-\(UUID().uuidString.prefix(8)).sock"
    }

    static func served(_ platform: GuestAgentPlatform = .linux) throws -> (GuestAgentSocket, String, DeliveryCount) {
        let path = socketPath()
        let agent = GuestAgent(system: GuestAgentTestSystem(platform))
        let deliveries = DeliveryCount()
        let socket = try GuestAgentSocket(path: path) { bytes in
            deliveries.add()
            return agent.receive(bytes)
        }
        return (socket, path, deliveries)
    }

    @Test func anAnswerWithoutGreetingOrNewline() throws {
        let (socket, path, _) = try Self.served()
        defer { socket.close() }
        let client = try AgentTestClient(path: path)
        #expect(client.available() == 0, "no greeting")
        try client.send(#"{"execute":"guest-sync","arguments":{"id":305419896},"id":"__qmp#00000"}"#)
        #expect(try client.readLine() == "{\"return\": 305419896, \"id\": \"__qmp#00000\"}")
    }

    @Test func aSecondClientIsServedOnlyAfterTheFirstDisconnects() throws {
        let (socket, path, deliveries) = try Self.served()
        defer { socket.close() }
        let first = try AgentTestClient(path: path)
        try first.send(#"{"execute":"guest-ping","id":1}"#)
        #expect(try first.readLine() == "{\"return\": {}, \"id\": 1}")
        let second = try AgentTestClient(path: path)  // connects: it waits in the backlog
        try second.send(#"{"execute":"guest-ping","id":2}"#)
        // The first client is still served after the second one wrote …
        try first.send(#"{"execute":"guest-ping","id":3}"#)
        #expect(try first.readLine() == "{\"return\": {}, \"id\": 3}")
        // … and the second one's bytes were never read: nothing was delivered for them.
        #expect(deliveries.value == 2)
        #expect(second.available() == 0)
        first.close()
        #expect(try second.readLine() == "{\"return\": {}, \"id\": 2}")
    }

    @Test func aPartialTextFromAClientThatLeftIsContinuedByTheNext() throws {
        let (socket, path, deliveries) = try Self.served()
        defer { socket.close() }
        let first = try AgentTestClient(path: path)
        try first.send(#"{"execute":"guest-"#)
        #expect(eventually { deliveries.value == 1 })
        first.close()
        let second = try AgentTestClient(path: path)
        try second.send(#"ping","id":"joined"}"#)
        #expect(try second.readLine() == "{\"return\": {}, \"id\": \"joined\"}")
        try second.send(Array(#"{"execute":"guest-"#.utf8) + [0xFF] + Array(#"{"execute":"guest-ping"}"#.utf8))
        #expect(try second.readLine() == #"{"error": {"class": "GenericError", "desc": "JSON parse error, stray '\"guest-\uFFFD'"}}"#)
        #expect(try second.readLine() == "{\"return\": {}}")
    }

    @Test func hugeInputAndGarbageDoNotStopTheServer() throws {
        let (socket, path, _) = try Self.served()
        defer { socket.close() }
        let flood = try AgentTestClient(path: path)
        // A megabyte inside one string, then a client that vanishes without reading.
        try flood.send(Array("{\"execute\":\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20))
        try flood.send((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        flood.close()
        let next = try AgentTestClient(path: path)
        try next.send([0xFF] + Array(#"{"execute":"guest-sync","arguments":{"id":6},"id":6}"#.utf8))
        var line = try next.readLine()
        while line.contains("\"error\"") { line = try next.readLine() }
        #expect(line == "{\"return\": 6, \"id\": 6}")
    }

    @Test func closeReturnsWithAClientConnectedAndRemovesTheFile() throws {
        let (socket, path, _) = try Self.served()
        let client = try AgentTestClient(path: path)
        try client.send(#"{"execute":"guest-ping"}"#)
        #expect(try client.readLine() == "{\"return\": {}}")
        socket.close()
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try client.readToEnd().isEmpty, "the client sees the connection end")
        socket.close()
    }

    @Test func aPathLongerThanSunPathIsRefusedWithItsLength() {
        let path = "/tmp/" + String(repeating: "d", count: 120) + "/qga.sock"
        do {
            let socket = try GuestAgentSocket(path: path) { $0 }
            socket.close()
            Issue.record("a \(path.utf8.count)-byte path was accepted")
        } catch {
            #expect(error.message.contains("is \(path.utf8.count) bytes"), "\(error.message)")
        }
    }

    @Test func aLiveSocketIsNotTakenOverButAStaleOneIs() throws {
        let (socket, path, _) = try Self.served()
        #expect(throws: GuestAgentSocketError.self) { try GuestAgentSocket(path: path) { $0 } }
        socket.close()
        // A socket file whose server is gone (as after a crash) is replaced.
        let stale = AgentTestClient.bindWithoutListening(path)
        defer { close(stale) }
        let replacement = try GuestAgentSocket(path: path) { _ in Array("x\n".utf8) }
        defer { replacement.close() }
        let client = try AgentTestClient(path: path)
        try client.send("a")
        #expect(try client.readLine() == "x")
    }
}

/// How many reads the socket handed to the agent, readable from the test's thread.
final class DeliveryCount: @unchecked Sendable {
    // Safety: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0

    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
