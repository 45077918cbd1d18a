@testable import SnapWriter

/// A writer whose answers a test scripts, and which remembers every event it saw together
/// with the state the coordinator reported for it when the event arrived.
final class ScriptedWriter: Writer {
    let identity: WriterIdentity
    var responses: [WriterEvent: WriterResponse] = [:]
    private(set) var received: [WriterEvent] = []
    private(set) var stateOnArrival: [WriterEvent: WriterState] = [:]
    weak var coordinator: VSSCoordinator?

    init(_ name: String, level: ApplicationLevel = .system, freezeWindow: Duration = .seconds(60)) {
        identity = WriterIdentity(name: name, writerId: "{\(name)}", level: level, freezeWindow: freezeWindow)
    }

    func handle(_ event: WriterEvent, context: WriterEventContext) -> WriterResponse {
        received.append(event)
        stateOnArrival[event] = coordinator?.allWriterStatus.first { $0.name == identity.name }?.state
        return responses[event] ?? .success(after: .milliseconds(1))
    }
}

/// A coordinator with scripted writers and two memory volumes on a virtual clock.
struct Rig {
    let clock = VirtualClock()
    let log: EventLog
    let writers: [ScriptedWriter]
    let coordinator: VSSCoordinator

    init(_ writers: [ScriptedWriter], volumes: [String] = ["C:", "D:"]) {
        log = EventLog(clock: clock)
        self.writers = writers
        coordinator = VSSCoordinator(scope: "HV01/VM1", writers: writers, volumes: volumes.map { MemoryVolume(name: $0) },
                                     clock: clock, log: log, random: SeededRandom(seed: 1))
        for writer in writers { writer.coordinator = coordinator }
    }

    func writer(_ name: String) -> ScriptedWriter { writers.first { $0.identity.name == name }! }

    func status(_ name: String) -> WriterStatus { coordinator.allWriterStatus.first { $0.name == name }! }

    /// The standard requester sequence up to DoSnapshotSet.
    func prepared(type: BackupType = .full) throws -> BackupComponents {
        let components = coordinator.makeBackupComponents()
        try components.initializeForBackup()
        try components.setBackupState(type)
        try components.gatherWriterMetadata()
        _ = try components.startSnapshotSet()
        try components.addToSnapshotSet(volume: "C:")
        try components.addToSnapshotSet(volume: "D:")
        try components.prepareForBackup()
        return components
    }

    func events(named event: String) -> [TraceEvent] { log.events.filter { $0.event == event } }
}
