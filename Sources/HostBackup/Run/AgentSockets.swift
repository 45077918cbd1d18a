import Foundation
import SnapWriter

/// The agent sockets of a run or a server: `DIR/vms/<VM>/qga.sock` for each running VM
/// with a guest agent, as QEMU's chardev socket gives it on a KVM host, so a client that
/// speaks the agent's protocol (socat, `qemu.qmp`, a host's own code) reaches the emulated
/// guest. Each serves one client at a time on a thread of its own; `deliver` decides how
/// that thread's bytes reach the world (under the run's lock, or through the server's
/// actor), so they never run alongside another change.
public final class AgentSockets: @unchecked Sendable {
    // Safety: every stored property is read and changed under `lock`.
    private let lock = NSLock()
    private var opened: [String: String] = [:]
    private var refused: [String: String] = [:]
    private var sockets: [GuestAgentSocket] = []
    private var temporaryDirectory: String?
    /// Clients' bytes handed to `deliver` and not yet answered. A condition of its own, so a
    /// run can wait for them between steps: a lock is not fair, and a run that takes its
    /// next step at once could keep a waiting client from the world until the run ended.
    private let inFlight = NSCondition()
    private var pending = 0

    public init() {}

    /// Opens the sockets at once. `directory` nil: a temporary directory of its own,
    /// removed by `close()`. `deliver(vm, bytes)` answers a client's bytes for that VM's agent.
    public convenience init(scenario: Scenario, directory: String?, shard: Shard? = nil,
                            deliver: @escaping (String, [UInt8]) -> [UInt8]) {
        self.init()
        open(scenario: scenario, directory: directory, shard: shard, deliver: deliver)
    }

    /// The socket of each VM that has one, by VM name.
    public var paths: [String: String] { lock.withLock { opened } }
    /// Why a VM has no socket (its path is too long for a Unix socket, say), by VM name.
    public var failures: [String: String] { lock.withLock { refused } }

    /// One socket for each running VM with a guest agent; under `shard`, only for the VMs of
    /// the hosts it owns (another shard's process answers for the rest).
    public func open(scenario: Scenario, directory: String?, shard: Shard? = nil,
                     deliver: @escaping (String, [UInt8]) -> [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        let base = directory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("snapwriter-agents-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())").path
        temporaryDirectory = directory == nil ? base : nil
        let hosts = zip(1..., scenario.hosts).filter { shard?.owns(hostAt: $0.0) ?? true }.map(\.1)
        for vm in hosts.flatMap(scenario.vms(of:)) where vm.guestAgent != nil && vm.state == .running {
            do {
                let folder = try ConfinedPath.make(base, "vms", FileNameEncoding.encode(vm.name))
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let path = try ConfinedPath.make(folder, "qga.sock")
                let name = vm.name
                sockets.append(try GuestAgentSocket(path: path) { [unowned self] bytes in
                    inFlight.withLock { pending += 1 }
                    defer { inFlight.withLock { pending -= 1; inFlight.broadcast() } }
                    return deliver(name, bytes)
                })
                opened[vm.name] = path
            } catch {
                refused[vm.name] = "\(error)"
            }
        }
    }

    /// Waits until every client's bytes handed over so far have been answered: between a
    /// run's steps, so a client waiting for the world gets it before the next step does.
    public func answerWaitingClients() {
        inFlight.withLock {
            while pending > 0 { inFlight.wait() }
        }
    }

    /// Stops every socket (after the command each is running) and removes their files.
    public func close() {
        let (closing, directory) = lock.withLock {
            defer {
                sockets.removeAll()
                temporaryDirectory = nil
            }
            return (sockets, temporaryDirectory)
        }
        // Outside the lock: a socket's thread may be handing bytes to the world meanwhile.
        for socket in closing { socket.close() }
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    deinit { close() }
}
