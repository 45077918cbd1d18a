import SnapWriter

/// The host's side of the agent's wire protocol, as Proxmox VE's QMPClient writes it
/// (reference/qemu-guest-agent.md §6.1): each command goes out in one write after a
/// `guest-sync-delimited` with a fresh id, both as compact JSON lines without an `id`
/// member; the answer must be the 0xFF sentinel, the sync's line and the command's line.
struct AgentWireClient {
    let port: GuestAgentPort
    let clock: SimulationClock
    /// Proxmox's qga ids are the process id, a `0`, then a sequence number.
    let processId: Int
    private(set) var sequence = 0
    /// Told of every call once it has its answer, for the trace.
    let answered: (GuestAgentCall) -> Void

    init(port: GuestAgentPort, clock: SimulationClock, processId: Int, answered: @escaping (GuestAgentCall) -> Void) {
        self.port = port
        self.clock = clock
        self.processId = processId
        self.answered = answered
    }

    /// Sends `command` and waits at most `timeout` for its answer.
    mutating func call(_ command: String, timeout: Duration) -> GuestAgentCall {
        sequence += 1
        let id = Int("\(processId)0\(sequence)")!
        let request = "{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":\(id)}}\n"
            + "{\"execute\":\"\(command)\",\"arguments\":{}}\n"
        let sentAt = clock.now
        let call: GuestAgentCall
        if let reply = port.exchange(Array(request.utf8)) {
            call = GuestAgentCall(command: command, timeout: timeout, sentAt: sentAt, answer: Self.answer(reply, id: id))
        } else {
            // Nothing reads the port: the host waits its whole limit.
            clock.advance(by: timeout)
            call = GuestAgentCall(command: command, timeout: timeout, sentAt: sentAt, answer: .timedOut)
        }
        answered(call)
        return call
    }

    /// Reads the reply as QMPClient does: anything, then 0xFF, the sync's one-line object, a
    /// newline, the command's one-line object and a newline. A sync id smaller than ours is
    /// an earlier command's, skipped; any other mismatch is an error.
    static func answer(_ reply: [UInt8], id: Int) -> GuestAgentCall.Answer {
        var rest = reply[...]
        while let sentinel = rest.firstIndex(of: 0xFF) {
            rest = rest[(sentinel + 1)...]
            let lines = rest.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
            guard lines.count >= 3, let sync = object(lines[0]), let reply = object(lines[1]) else {
                return .unreadable("got unreadable answer: \(String(decoding: rest, as: UTF8.self))")
            }
            guard case .number(let text)? = sync["return"], let synced = Int(text) else {
                return .unreadable("got unreadable answer to guest-sync-delimited")
            }
            if synced < id { continue }
            guard synced == id else { return .unreadable("got wrong command id '\(synced)' (expected \(id))") }
            if let error = reply["error"] {
                guard case .string(let errorClass)? = error["class"], case .string(let desc)? = error["desc"] else {
                    return .unreadable("got an error without class and desc")
                }
                return .error(errorClass: errorClass, desc: desc)
            }
            return .returned(reply["return"] ?? .null)
        }
        return .unreadable("got no 0xFF sentinel in the answer")
    }

    private static func object(_ line: ArraySlice<UInt8>) -> JSONValue? {
        var text = String(decoding: line, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        guard let node = try? JSONReader.parse(text), case .object = node.kind else { return nil }
        return JSONValue(node)
    }
}
