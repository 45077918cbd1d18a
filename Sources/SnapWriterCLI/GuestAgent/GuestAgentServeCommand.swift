import ArgumentParser
import Dispatch
import Foundation
import SnapWriter

/// `snapwriter guest-agent serve SOCKET --volume DIR …`: a Linux guest's qemu-ga whose file
/// systems are mounted SnapWriter volumes. A freeze holds every write to them (writers
/// block until the thaw), exactly as FIFREEZE does.
struct GuestAgentServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the QEMU guest agent protocol on SOCKET for a Linux guest whose file systems are the volumes.",
        discussion: "Each --volume must be mounted ('snapwriter volume mount DIR MOUNTPOINT --background'); their order "
            + "is the mount order (freeze goes in reverse). Runs until SIGINT or SIGTERM; volumes the agent left frozen "
            + "are thawed then.")

    @Argument(help: "The Unix socket path to listen on (at most 107 bytes).")
    var socket: String

    @Option(name: .customLong("volume"), help: "A mounted volume directory; repeat for several.")
    var volumes: [String] = []

    @Option(help: "The version guest-info reports.")
    var agentVersion: String = GuestAgent.defaultVersion

    func run() throws {
        guard !volumes.isEmpty else { throw CommandExit.badInput("guest-agent serve: give at least one --volume DIR") }
        for directory in volumes {
            _ = try VolumeCLI.openVolume(directory)
            guard ControlledVolumeMounts.status(directory) != nil else {
                throw CommandExit.environment("guest-agent serve: volume \(directory) is not mounted; mount it with "
                    + "'snapwriter volume mount \(directory) MOUNTPOINT --background'")
            }
        }
        let mounts = ControlledVolumeMounts(directories: volumes)
        let agent = GuestAgent(system: LinuxVolumesAgentSystem(mounts: mounts.mounts), version: agentVersion)
        let endpoint: GuestAgentSocket
        do {
            endpoint = try GuestAgentSocket(path: socket, deliver: agent.receive)
        } catch {
            throw CommandExit.environment("guest-agent serve: \(error.message)")
        }
        let stop = DispatchSemaphore(value: 0)
        let signals = TerminationSignals { stop.signal() }
        Output.print("serving the guest agent on \(socket) (linux, \(volumes.count) volume(s))")
        stop.wait()
        endpoint.close()
        withExtendedLifetime(signals) {}
        // qemu-ga would ignore SIGTERM while frozen; a command-line tool must not leave
        // its volumes holding writes behind it.
        if agent.isFrozen {
            let thawed = agent.receive(Array(#"{"execute":"guest-fsfreeze-thaw"}"#.utf8))
            Output.error("the agent was frozen: thawed on exit: " + String(decoding: thawed, as: UTF8.self)
                .trimmingCharacters(in: .newlines))
        }
    }
}
