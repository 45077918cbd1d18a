import Foundation
import HostBackup
import Testing
import TestSupport

/// `run --out DIR` opens `DIR/vms/<VM>/qga.sock` for each running VM with an agent while it
/// runs: a client reaches the agent between the run's steps, and the socket is gone after.
@Suite struct KvmRunSocketTests {
    @Test func aClientReachesTheAgentWhileTheRunRuns() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-kvm-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = directory.appendingPathComponent("kvm.yaml")
        // A real clock: the workload step lasts long enough for a client to connect.
        try """
            name: kvm-run-socket
            clock: real
            volumes: memory
            host: { name: PVE1, hypervisor: kvm }
            vms:
              - name: LNX1
                os: linux
                guestAgent: {}
            steps:
              - workload: { seconds: 20 }
              - hostBackup
            """.write(to: scenario, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("out").path
        let socket = out + "/vms/LNX1/qga.sock"
        let run = Process()
        run.executableURL = CLIProcess.executable
        run.arguments = ["run", scenario.path, "--out", out]
        run.standardOutput = FileHandle.nullDevice
        run.standardError = FileHandle.nullDevice
        try run.run()
        defer { if run.isRunning { run.terminate() } }
        #expect(eventually(within: 120) { FileManager.default.fileExists(atPath: socket) })
        // The bytes wait for the step under way (the 20 s workload, longer on a loaded machine),
        // then the run hands the world to the waiting client before its next step.
        let answer = try CLIProcess.tool("sh", ["-c", "printf '%s' '{\"execute\":\"guest-fsfreeze-status\"}' "
            + "| socat -t 600 - UNIX-CONNECT:\(socket)"], in: directory)
        #expect(answer.stdout == "{\"return\": \"thawed\"}\n")
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    /// A shard answers only for its own hosts' guests: the other shard's process has sockets
    /// of its own for the rest.
    @Test func aShardOpensSocketsOnlyForTheVMsOfItsHosts() throws {
        let scenario = try ScenarioParser.parse("""
            name: kvm-shard-sockets
            volumes: memory
            hosts:
              - { name: PVE1, hypervisor: kvm, vms: [ { name: LNX1, os: linux, guestAgent: {} } ] }
              - { name: PVE2, hypervisor: kvm, vms: [ { name: LNX2, os: linux, guestAgent: {} } ] }
              - { name: PVE3, hypervisor: kvm, vms: [ { name: LNX3, os: linux, guestAgent: {} } ] }
            """, file: "shard.yaml")
        for (shard, owned) in [(Shard(index: 1, count: 2), ["LNX1", "LNX3"]), (Shard(index: 2, count: 2), ["LNX2"]),
                               (nil, ["LNX1", "LNX2", "LNX3"])] {
            let sockets = AgentSockets(scenario: scenario, directory: nil, shard: shard) { _, _ in [] }
            defer { sockets.close() }
            #expect(sockets.paths.keys.sorted() == owned, "shard \(shard.map(\.description) ?? "none")")
            #expect(sockets.paths.values.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        }
    }
}
