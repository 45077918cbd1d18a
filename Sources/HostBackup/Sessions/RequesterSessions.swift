import Foundation
import SnapWriter

/// Every requester session opened on a live world through the API, and the shadow copies
/// they made: what backup software under test drives when it is the requester. It lives as
/// long as the world, on the world's one thread; `close()` lets go of everything.
public final class RequesterSessions {
    private let world: World
    private var sessions: [String: RequesterSession] = [:]
    private var shadows: [String: ShadowCopy] = [:]
    private var opened = 0

    public init(world: World) {
        self.world = world
    }

    /// CreateVssBackupComponents and InitializeForBackup on `machine`: `{"id", "hresult"}`.
    public func open(on machine: MachineRef) throws(SessionError) -> JSONValue {
        let coordinator = try self.coordinator(machine)
        guard !coordinator.isPoweredOff else {
            throw .conflict("\(machine) is off: its VSS service is not running")
        }
        let metadata: WriterComponents
        switch machine {
        case .host(let name): metadata = WriterComponents(host: world.host(named: name)!)
        case .vm(let name): metadata = WriterComponents(guest: world.vm(named: name)!.guest)
        }
        opened += 1
        let session = RequesterSession(id: "session-\(opened)", machine: machine, coordinator: coordinator,
                                       metadata: metadata, hostFaults: world.hostFaults)
        sessions[session.id] = session
        let hresult = session.initialize()
        return .object([("id", .string(session.id)), ("hresult", .string(hresult.hex)), ("name", .string(hresult.name))])
    }

    /// One IVssBackupComponents call of a session, the body `{"call": NAME, ...}`.
    public func call(_ body: JSONValue, session id: String, on machine: MachineRef) throws(SessionError) -> JSONValue {
        let session = try self.session(id, on: machine)
        let call = try RequesterCall(body: body)
        let name = body["call"].flatMap { if case .string(let text) = $0 { text } else { nil } } ?? ""
        return session.perform(call, name: name) { made, setId in
            let now = Self.date(world.clock)
            for snapshot in made {
                shadows[snapshot.id] = ShadowCopy(snapshot: snapshot, setId: setId, sessionId: id, createdAt: now)
            }
        }
    }

    /// Releases a session: its shadow copies are unexposed and deleted, its writers get
    /// BackupShutdown.
    public func release(session id: String, on machine: MachineRef) throws(SessionError) {
        let session = try self.session(id, on: machine)
        for shadow in shadows.values where shadow.sessionId == id {
            shadow.unexpose()
            shadows[shadow.id] = nil
        }
        session.release()
        sessions[id] = nil
    }

    /// The shadow copies made on `machine` that still exist, oldest first.
    public func shadows(on machine: MachineRef) throws(SessionError) -> JSONValue {
        _ = try coordinator(machine)
        return .object([("shadows", .array(shadowsOn(machine).map(\.json)))])
    }

    /// Mounts a shadow copy read-only under the run directory: `{"mountpoint": ...}`.
    public func expose(shadow id: String, on machine: MachineRef) throws(SessionError) -> JSONValue {
        let shadow = try self.shadow(id, on: machine)
        if let exposure = shadow.exposure { return .object([("mountpoint", .string(exposure.mountpoint))]) }
        guard let runDirectory = world.volumes.runDirectory else {
            throw .conflict("shadow copy \(id) is of a memory volume; only FUSE volumes (volumes: fuse) can be exposed")
        }
        do {
            let mountpoint = try ConfinedPath.make(runDirectory, "shadows", FileNameEncoding.encode(id))
            shadow.exposure = try ExposedSnapshot(shadow.snapshot, mountpoint: mountpoint)
        } catch let error as ConfinedPath.Escape {
            throw .conflict(error.description)
        } catch let error as VolumeError {
            throw .conflict(error.message)
        } catch {
            throw .conflict("\(error)")
        }
        shadow.exposedAt = Self.date(world.clock)
        return .object([("mountpoint", .string(shadow.exposure!.mountpoint))])
    }

    /// Unexposes and deletes a shadow copy (DeleteSnapshots).
    public func delete(shadow id: String, on machine: MachineRef) throws(SessionError) {
        let shadow = try self.shadow(id, on: machine)
        shadow.unexpose()
        sessions[shadow.sessionId]?.deleteShadow(id)
        shadows[id] = nil
    }

    /// Unexposes every shadow copy and releases every session: the world is ending.
    public func close() {
        for shadow in shadows.values { shadow.unexpose() }
        shadows.removeAll()
        for session in sessions.values { session.release() }
        sessions.removeAll()
    }

    private func coordinator(_ machine: MachineRef) throws(SessionError) -> VSSCoordinator {
        switch machine {
        case .host(let name):
            guard let host = world.host(named: name) else { throw .notFound("no host \(name)") }
            return host.vss
        case .vm(let name):
            guard let vm = world.vm(named: name) else { throw .notFound("no VM \(name)") }
            return vm.vss
        }
    }

    private func session(_ id: String, on machine: MachineRef) throws(SessionError) -> RequesterSession {
        _ = try coordinator(machine)
        guard let session = sessions[id], session.machine == machine else {
            throw .notFound("no session \(id) on \(machine)")
        }
        return session
    }

    private func shadow(_ id: String, on machine: MachineRef) throws(SessionError) -> ShadowCopy {
        _ = try coordinator(machine)
        guard let shadow = shadows[id], sessions[shadow.sessionId]?.machine == machine else {
            throw .notFound("no shadow copy \(id) on \(machine)")
        }
        return shadow
    }

    private func shadowsOn(_ machine: MachineRef) -> [ShadowCopy] {
        shadows.values.filter { sessions[$0.sessionId]?.machine == machine }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    private static func date(_ clock: SimulationClock) -> Date {
        clock.startDate.addingTimeInterval(clock.now.milliseconds / 1000)
    }
}
