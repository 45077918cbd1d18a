/// `qmp_dispatch_check_obj`: the request's own members, walked in QDict order so the first
/// bad one QEMU meets is the one reported. qemu-ga dispatches without out-of-band support,
/// so `exec-oob` is just an unexpected member.
enum AgentEnvelope {
    /// The `execute` name, after every envelope member passed.
    static func commandName(_ envelope: AgentDict) throws(AgentError) -> [UInt8] {
        var name: [UInt8]?
        for (key, value) in envelope.ordered {
            switch String(decoding: key, as: UTF8.self) {
            case "execute":
                guard case .string(let text) = value else {
                    throw AgentError(.genericError, "QMP input member 'execute' must be a string")
                }
                name = text
            case "arguments":
                guard case .dict = value else {
                    throw AgentError(.genericError, "QMP input member 'arguments' must be an object")
                }
            case "id":
                continue
            default:
                throw AgentError(.genericError, Array("QMP input member '".utf8) + key + Array("' is unexpected".utf8))
            }
        }
        guard let name else { throw AgentError(.genericError, "QMP input lacks member 'execute'") }
        return name
    }
}
