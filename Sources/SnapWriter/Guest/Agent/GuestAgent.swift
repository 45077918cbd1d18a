import Foundation

/// The QEMU guest agent (qemu-ga) inside one guest, as a byte stream in and out: the host
/// side's bytes go to `receive` exactly as they arrive on the virtio-serial port, in any
/// chunking, and whatever the agent writes back is returned. Everything about the wire is
/// qemu-ga's (reference/qemu-guest-agent.md §1–2): streaming JSON without newlines, QEMU's
/// errors and texts, `guest-sync-delimited`'s 0xFF, the freeze allowlist. In-process callers
/// and socket clients go through this one entry.
///
/// Not thread-safe: like qemu-ga's single main loop it runs one command at a time, and its
/// owner must not call it from two threads at once. A freeze blocks `receive` until the
/// system has frozen, which is what queues the commands behind it.
public final class GuestAgent {
    /// The `guest-info` version when none is given: the release the fact sheet's sources are.
    public static let defaultVersion = "10.2.0"

    private let system: GuestAgentSystem
    private let version: String
    private let clock: () -> Int64
    private let commands: [AgentCommand]
    private var streamer: AgentJSONStreamer
    private var freezeState = AgentFreezeState()
    /// `ga_set_response_delimited`: the next response gets the 0xFF sentinel, once.
    private var delimitNext = false

    /// `clock` answers `guest-get-time` in nanoseconds since the epoch (the guest's clock).
    public convenience init(system: GuestAgentSystem, version: String = GuestAgent.defaultVersion,
                            clock: @escaping () -> Int64 = GuestAgent.wallClockNanoseconds) {
        self.init(system: system, version: version, clock: clock, limits: .qemu)
    }

    init(system: GuestAgentSystem, version: String, clock: @escaping () -> Int64, limits: AgentJSONLimits) {
        self.system = system
        self.version = version
        self.clock = clock
        commands = AgentCommandList.commands(for: system.agentPlatform)
        streamer = AgentJSONStreamer(limits: limits)
    }

    /// `guest-fsfreeze-status`: true from a freeze that froze something until a thaw.
    public var isFrozen: Bool { freezeState.isFrozen }

    /// Feeds bytes read from the port; returns every byte the agent writes in reply (zero,
    /// one or several lines). Partial input stays buffered for the next call, whoever
    /// makes it.
    public func receive(_ bytes: [UInt8]) -> [UInt8] {
        var messages: [AgentJSONStreamer.Message] = []
        streamer.feed(bytes) { messages.append($0) }
        var out: [UInt8] = []
        for message in messages {
            guard let response = respond(to: message) else { continue }
            if delimitNext {
                out.append(0xFF)
                delimitNext = false
            }
            AgentJSONWriter.write(.dict(response), into: &out)
            out.append(0x0A)
        }
        return out
    }

    public static func wallClockNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// `process_event` then `qmp_dispatch`: nil when the command sends no success response.
    private func respond(to message: AgentJSONStreamer.Message) -> AgentDict? {
        let request: AgentValue
        switch message {
        case .failure(let error): return error.response
        case .success(let value): request = value
        }
        guard case .dict(let envelope) = request else {
            return AgentError(.genericError, "QMP input must be a JSON object").response
        }
        var response: AgentDict
        do {
            guard let result = try execute(envelope) else { return nil }
            response = AgentDict([("return", result)])
        } catch {
            response = error.response
        }
        if let id = envelope["id"] { response.put("id", id) }
        return response
    }

    private func execute(_ envelope: AgentDict) throws(AgentError) -> AgentValue? {
        let name = try AgentEnvelope.commandName(envelope)
        guard let command = commands.first(where: { Array($0.name.utf8) == name }) else {
            throw AgentError(.commandNotFound, Array("The command ".utf8) + name + Array(" has not been found".utf8))
        }
        guard isEnabled(command) else {
            throw AgentError(.commandNotFound, "Command \(command.name) has been disabled: the command is not allowed")
        }
        var arguments = AgentDict()
        if case .dict(let given)? = envelope["arguments"] { arguments = given }
        let checked = try AgentArguments.check(arguments, command.parameters)
        return try run(command, checked)
    }

    private func isEnabled(_ command: AgentCommand) -> Bool {
        !freezeState.isFrozen || AgentCommand.allowedWhileFrozen.contains(command.name)
    }

    private func run(_ command: AgentCommand, _ arguments: AgentDict) throws(AgentError) -> AgentValue? {
        switch command.behaviour {
        case .sync:
            return arguments["id"]
        case .syncDelimited:
            delimitNext = true
            return arguments["id"]
        case .ping:
            return .dict(AgentDict())
        case .info:
            return .dict(info())
        case .getTime:
            return .int(clock())
        case .fsfreezeStatus:
            return .string(freezeState.isFrozen ? "frozen" : "thawed")
        case .fsfreezeFreeze:
            return .int(Int64(try freezeState.freeze(system, mountpoints: nil)))
        case .fsfreezeFreezeList:
            return .int(Int64(try freezeState.freeze(system, mountpoints: mountpoints(arguments))))
        case .fsfreezeThaw:
            return .int(Int64(try freezeState.thaw(system)))
        case .notEmulated:
            // QEMU's QERR_UNSUPPORTED, what qemu-ga answers for a command its build cannot do.
            throw AgentError(.genericError, "this feature or command is not currently supported")
        }
    }

    /// `mountpoints` as the build reads it: absent means every file system; on Windows an
    /// empty list is a NULL list too, so it also means every volume.
    private func mountpoints(_ arguments: AgentDict) -> [String]? {
        guard case .list(let items)? = arguments["mountpoints"] else { return nil }
        if items.isEmpty && system.agentPlatform == .windows { return nil }
        return items.compactMap(\.text)
    }

    /// `GuestAgentInfo`: the registered commands, last registered first.
    private func info() -> AgentDict {
        let listed: [AgentValue] = commands.reversed().map { command in
            .dict(AgentDict([("name", .string(command.name)), ("enabled", .bool(isEnabled(command))),
                             ("success-response", .bool(command.successResponse))]))
        }
        return AgentDict([("version", .string(version)), ("supported_commands", .list(listed))])
    }
}
