import Foundation
import HostBackup
import SnapWriter

/// The one place the live world lives. `World` and everything in it are plain classes for
/// one thread, so every access runs on this actor, one at a time, and leaves it only as
/// values (`JSONValue`, text): no request ever holds a reference into the world.
public actor WorldActor {
    public let scenario: Scenario
    /// `--out`, or nil for a temporary run directory.
    let outDirectory: String?
    var live: LiveWorld
    /// The requester sessions backup software opened on this world, and their shadow copies.
    var sessions: RequesterSessions
    private var volumes: GuestVolumes
    var faults: FaultBook
    /// Set once `shutDown` ran: the world's volumes are gone, and a host backup still queued
    /// behind it does not run.
    private(set) var closed = false
    /// The mounts a killed server or run left in the run directory, cleaned before building.
    public nonisolated let cleanedStaleMounts: [String]

    /// Builds the world (stale mounts of a killed server under the same directory cleaned
    /// first) and runs the steps the scenario writes.
    public init(scenario: Scenario, outDirectory: String?) throws(RunError) {
        self.scenario = scenario
        self.outDirectory = outDirectory
        let (live, volumes) = try Self.build(scenario, outDirectory: outDirectory)
        self.live = live
        sessions = RequesterSessions(world: live.world)
        self.volumes = volumes
        cleanedStaleMounts = volumes.cleanedStaleMounts
        faults = FaultBook(scenario: scenario)
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
        faults = FaultBook(scenario: scenario)
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
