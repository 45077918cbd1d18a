import Foundation
import Synchronization
import HostBackup
import SnapWriter

/// The one place the live world lives. `World` and everything in it are plain classes for
/// one thread, so every change runs on this actor, one at a time, on a thread of its own
/// (`WorldThread`), and leaves it only as values: no request ever holds a reference into the
/// world. Reads are answered from the `board`, which the actor keeps posted, so they never
/// wait for a change in progress; changes wait for each other, as calls into one machine do.
public actor WorldActor {
    public let scenario: Scenario
    /// `--out`, or nil for a temporary run directory.
    let outDirectory: String?
    var live: LiveWorld
    /// The requester sessions backup software opened on this world, and their shadow copies.
    var sessions: RequesterSessions
    private var volumes: GuestVolumes
    /// The fault rules: changed by requests at once, armed in the world when the next change
    /// begins (a rule posted while a call runs applies from the next call on).
    nonisolated let faults: Mutex<FaultBook>
    private var armedFaults: Int
    nonisolated let board = WorldBoard()
    private nonisolated let thread = WorldThread(name: "snapwriter world")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }
    /// Set once `shutDown` ran: the world's volumes are gone, and a host backup still queued
    /// behind it does not run.
    private(set) var closed = false
    /// The mounts a killed server or run left in the run directory, cleaned before building.
    public nonisolated let cleanedStaleMounts: [String]
    /// Each running VM's agent socket; they outlive a reset, reaching whichever world is live.
    nonisolated let agentSockets = AgentSockets()

    /// Builds the world (stale mounts of a killed server under the same directory cleaned
    /// first) and runs the steps the scenario writes.
    public init(scenario: Scenario, outDirectory: String?) throws(RunError) {
        self.scenario = scenario
        self.outDirectory = outDirectory
        let (live, volumes) = try Self.build(scenario, outDirectory: outDirectory)
        self.live = live
        let sessions = RequesterSessions(world: live.world)
        self.sessions = sessions
        self.volumes = volumes
        cleanedStaleMounts = volumes.cleanedStaleMounts
        let book = FaultBook(scenario: scenario)
        armedFaults = book.version
        faults = Mutex(book)
        Self.connect(live, sessions: sessions, to: board)
        openAgentSockets()
        live.world.agentSocketPaths = agentSockets.paths
        board.post(WorldView.take(live, sessions: sessions))
    }

    deinit { thread.finish() }

    /// On a real clock, the workload of the time passed since it was last written.
    func catchUpWorkload() {
        guard !closed, scenario.clock == .real else { return }
        changing {}
    }

    /// Lets the world post to the board: every event as it is recorded, a new view every
    /// `WorldBoard.interval` while a call runs long and before each real sleep, and one now.
    private static func connect(_ live: LiveWorld, sessions: RequesterSessions, to board: WorldBoard) {
        board.replaceTrace(live.world.log.events)
        live.world.log.onRecord = { [unowned live, unowned sessions] event in
            board.append(event)
            if board.isDue { board.post(WorldView.take(live, sessions: sessions)) }
        }
        (live.world.clock as? RealClock)?.willSleep = { [unowned live, unowned sessions] duration in
            if duration >= WorldBoard.interval { board.post(WorldView.take(live, sessions: sessions)) }
        }
        board.post(WorldView.take(live, sessions: sessions))
    }

    /// Runs a change to the world: the fault rules posted since the last change armed first,
    /// the board posted after, so a read that follows the answer sees the change.
    func changing<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        if scenario.clock == .real { world.catchUpWorkload() }
        let book = faults.withLock { $0 }
        if book.version != armedFaults {
            world.replaceFaults(book.armed)
            armedFaults = book.version
        }
        defer { board.post(WorldView.take(live, sessions: sessions)) }
        return try body()
    }

    private static func build(_ scenario: Scenario, outDirectory: String?) throws(RunError) -> (LiveWorld, GuestVolumes) {
        let volumes = try GuestVolumes.forScenario(scenario, outDirectory: outDirectory)
        let repository: BackupRepository?
        do {
            repository = try outDirectory.map(BackupRepository.inOutputDirectory)
        } catch {
            volumes.close()
            throw .environment("cannot write the server's files into \(outDirectory ?? ""): \(error.description)")
        }
        let live: LiveWorld
        do {
            live = try LiveWorld(scenario: scenario, volumes: volumes, repository: repository, adjustableFaults: true)
        } catch {
            volumes.close()
            throw error
        }
        // The default `[hostBackup]` of a file without `steps:` is run's, not serve's.
        for step in scenario.stepsWritten ? scenario.steps : [] { live.perform(step) }
        live.finishRunningBackups()
        return (live, volumes)
    }

    var world: World { live.world }

    /// Discards the world and builds the scenario's again (new mounts, the same seed), its
    /// steps run and its own fault rules armed.
    func reset() throws(APIError) {
        guard !closed else { throw .conflict("the server is shutting down") }
        live.finishRunningBackups()
        sessions.close()
        live.close()
        volumes.close()
        do {
            (live, volumes) = try Self.build(scenario, outDirectory: outDirectory)
        } catch {
            throw APIError(status: 500, code: "environment", message: "cannot rebuild the world: \(error)")
        }
        sessions = RequesterSessions(world: live.world)
        live.world.agentSocketPaths = agentSockets.paths
        let book = FaultBook(scenario: scenario)
        faults.withLock { $0 = book }
        armedFaults = book.version
        Self.connect(live, sessions: sessions, to: board)
    }

    /// Ends the world: native backups under way finish, `--out` gets the evidence and
    /// `result.json`, every mount is unmounted.
    public func shutDown() throws {
        guard !closed else { return }
        closed = true
        live.finishRunningBackups()
        // Sessions still open end as a requester's process would: their shadow copies go,
        // their writers get BackupShutdown, and the trace keeps both.
        sessions.close()
        defer {
            live.close()
            volumes.close()
        }
        if let outDirectory {
            let result = live.result()
            try RunArtifacts.writeEvidence(result, to: outDirectory)
            let document = ServeDocuments.result(result, live: live)
            try (document.serialized(indent: 2) + "\n")
                .write(toFile: try ConfinedPath.make(outDirectory, "result.json"), atomically: true, encoding: .utf8)
        }
    }
}
