import HostBackup
import SnapWriter

/// The requester sessions of backup software under test, on the world's actor: each call
/// runs here as a change, one at a time, and leaves as a value.
extension WorldActor {
    func openSession(on machine: MachineRef) throws(APIError) -> JSONValue {
        try guarded { () throws(SessionError) in try sessions.open(on: machine) }
    }

    func call(_ body: JSONValue, session id: String, on machine: MachineRef) throws(APIError) -> JSONValue {
        try guarded { () throws(SessionError) in try sessions.call(body, session: id, on: machine) }
    }

    func releaseSession(_ id: String, on machine: MachineRef) throws(APIError) {
        _ = try guarded { () throws(SessionError) in
            try sessions.release(session: id, on: machine)
            return .null
        }
    }

    /// From the board, as every read: the shadow copies as the last change left them.
    nonisolated func shadows(on machine: MachineRef) throws(APIError) -> JSONValue {
        guard let shadows = board.current.shadows[machine] else { throw .notFound("no \(machine)") }
        return shadows
    }

    func expose(shadow id: String, on machine: MachineRef) throws(APIError) -> JSONValue {
        try guarded { () throws(SessionError) in try sessions.expose(shadow: id, on: machine) }
    }

    func deleteShadow(_ id: String, on machine: MachineRef) throws(APIError) {
        _ = try guarded { () throws(SessionError) in
            try sessions.delete(shadow: id, on: machine)
            return .null
        }
    }

    /// Runs a session operation unless the server is shutting down; its refusals as the
    /// API's errors.
    private func guarded(_ body: () throws(SessionError) -> JSONValue) throws(APIError) -> JSONValue {
        guard !closed else { throw .conflict("the server is shutting down") }
        do {
            return try changing(body)
        } catch {
            switch error.kind {
            case .badRequest: throw .badRequest(error.message, path: error.path)
            case .notFound: throw .notFound(error.message)
            case .conflict: throw .conflict(error.message)
            }
        }
    }
}
