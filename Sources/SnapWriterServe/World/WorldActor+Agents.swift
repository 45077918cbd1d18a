import Dispatch
import HostBackup
import SnapWriter

/// The guest agents' sockets of a served world: a client's bytes reach a VM's agent as one
/// change of the world, on its executor, so they never run alongside another change (a host
/// backup driving the same agent in-process included: they wait for each other).
extension WorldActor {
    /// Opens `DIR/vms/<VM>/qga.sock` for each running VM with an agent (a temporary
    /// directory without `--out`).
    nonisolated func openAgentSockets() {
        agentSockets.open(scenario: scenario, directory: outDirectory) { [unowned self] vm, bytes in
            deliverFromSocket(bytes, vm: vm)
        }
    }

    /// Closes the sockets. Called from outside the world's executor: a socket's thread may
    /// be waiting for it with a client's bytes, and closing waits for that thread.
    public nonisolated func closeAgentSockets() {
        agentSockets.close()
    }

    /// A client's bytes for `vm`'s agent, and what the agent writes back.
    func agentBytes(_ bytes: [UInt8], vm: String) -> [UInt8] {
        guard !closed else { return [] }
        return changing { world.agentBytes(bytes, vm: vm) }
    }

    /// From a socket's own thread, which may block: hands the bytes to the world's executor
    /// and waits for the answer.
    private nonisolated func deliverFromSocket(_ bytes: [UInt8], vm: String) -> [UInt8] {
        let box = AnswerBox()
        Task {
            box.answer = await agentBytes(bytes, vm: vm)
            box.done.signal()
        }
        box.done.wait()
        return box.answer
    }
}

/// One answer handed from the world's executor to a waiting socket thread.
private final class AnswerBox: @unchecked Sendable {
    // Safety: written once by the task before `done` is signalled, read after the wait.
    var answer: [UInt8] = []
    let done = DispatchSemaphore(value: 0)
}
