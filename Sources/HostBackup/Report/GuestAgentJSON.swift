import SnapWriter

/// run/1's `vms[].guestAgent` for a VM a KVM host backed up: every agent call it made with
/// what came back, and the lines it logged in Proxmox VE's words; null for a VM without
/// an agent.
enum GuestAgentJSON {
    static func report(_ report: GuestAgentReport?) -> JSONValue {
        guard let report else { return .null }
        return .object([
            ("frozen", .bool(report.frozen)),
            ("calls", .array(report.calls.map(call))),
            ("log", .array(report.log.map(JSONValue.string))),
        ])
    }

    /// `{command, timeoutSeconds, tMs, answer}`, `answer` replaced by `error` ({class,
    /// desc}), `timedOut: true` or `unreadable` (the host's words).
    static func call(_ call: GuestAgentCall) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("command", .string(call.command)),
            ("timeoutSeconds", .int(Int(call.timeout.components.seconds))),
            ("tMs", .double((call.sentAt.milliseconds * 1000).rounded() / 1000)),
        ]
        switch call.answer {
        case .returned(let value): pairs.append(("answer", value))
        case .error(let errorClass, let desc):
            pairs.append(("error", .object([("class", .string(errorClass)), ("desc", .string(desc))])))
        case .timedOut: pairs.append(("timedOut", .bool(true)))
        case .unreadable(let why): pairs.append(("unreadable", .string(why)))
        }
        return .object(pairs)
    }
}
