import HostBackup
import SnapWriter

/// What requests change in the world: steps, host backups and the clock. Each runs as a
/// `changing` call: fault rules posted before it armed first, the board posted after.
extension WorldActor {
    /// Runs one step and answers with its entry of run/1's `steps`.
    func perform(_ step: Step) throws(APIError) -> JSONValue {
        guard !closed else { throw .conflict("the server is shutting down") }
        return changing { RunReport.stepJSON(live.perform(step)) }
    }

    /// A host backup of `host` asking for `type`, run to its end; its status document.
    func hostBackup(id: String, host: String, type: BackupType) -> JSONValue {
        // Queued behind the shutdown: nothing left to back up. The status says it never ran.
        if closed {
            return .object([("id", .string(id)), ("host", .string(host)), ("type", .string(type.name)),
                            ("status", .string("failed")), ("failure", .object([("message", .string("the server shut down before the backup started"))]))])
        }
        return changing {
            let step = live.hostBackup(type: type, host: host)
            return ServeDocuments.hostBackup(id: id, host: host, type: type, step: step, state: live.state())
        }
    }

    /// Lets `seconds` pass on the virtual clock, the workload running; 409 on a real clock,
    /// which no call moves.
    func advanceClock(seconds: Double) throws(APIError) -> JSONValue {
        guard scenario.clock == .virtual else {
            throw .conflict("the scenario runs on the real clock (clock: real), which only time itself advances")
        }
        guard !closed else { throw .conflict("the server is shutting down") }
        return changing {
            world.runWorkload(for: .milliseconds(Int64((seconds * 1000).rounded())))
            world.traceVolumeFaults()
            world.log.record(scenario.host.name, "ClockAdvanced", "\(seconds) s at \(scenario.workload.transactionsPerSecond) tps")
            return .object([("seconds", .double(seconds)), ("nowMs", .double(world.clock.now.milliseconds))])
        }
    }
}
