@testable import SnapWriter

/// A D: volume that checks write-ahead logging as it goes: whenever a page header reaches a
/// data file, the log file on the same volume must already hold the page's LSN. It reads
/// the newest LSN out of each log write (block headers start on sector boundaries), so the
/// check costs nothing like a scan of the log file per page.
final class WALCheckingVolume: FileVolume {
    let inner = MemoryVolume(name: "D:")
    private(set) var pageWrites = 0
    private(set) var violations: [String] = []
    private var newestLogged: [String: LSN] = [:]

    var name: String { inner.name }

    func read(_ path: String) -> [UInt8]? { inner.read(path) }

    func takeIOFailures() -> [VolumeIOFailure] { inner.takeIOFailures() }

    var faults: VolumeFaultInjector { inner.faults }

    func write(_ path: String, offset: Int, bytes: [UInt8]) {
        if path.hasSuffix(".ldf") { noteLog(path, offset: offset, bytes: bytes) }
        if path.hasSuffix(".mdf") {
            let newest = newestLogged[path.replacingOccurrences(of: ".mdf", with: "_log.ldf")]
            for start in stride(from: 0, to: bytes.count, by: DataPage.size) where (offset + start) % DataPage.size == 0 {
                pageWrites += 1
                let lsn = bytes.loadLSN(at: start + 40)
                if newest.map({ lsn > $0 }) ?? true {
                    violations.append("page \((offset + start) / DataPage.size) at \(lsn.hex) before its log")
                }
            }
        }
        inner.write(path, offset: offset, bytes: bytes)
    }

    private func noteLog(_ path: String, offset: Int, bytes: [UInt8]) {
        var newest = newestLogged[path]
        if offset == 0, bytes.count >= TransactionLogFile.headerSize {
            newest = max(newest ?? .zero, bytes.loadLSN(at: 8))
        }
        let first = (LogBlock.sectorSize - offset % LogBlock.sectorSize) % LogBlock.sectorSize
        for start in stride(from: first, to: bytes.count, by: LogBlock.sectorSize)
        where offset + start >= TransactionLogFile.headerSize {
            if let block = LogBlock(decoding: bytes, at: start) { newest = max(newest ?? .zero, block.endLsn) }
        }
        newestLogged[path] = newest
    }
}

/// Two instances sharing Sales in an availability group, each with its own D: volume.
struct FilesRig {
    let clock = VirtualClock()
    let engine: SQLEngine
    let volumes: [String: WALCheckingVolume]
    let log: DatabaseLog

    init(transactionsPerSecond: Double = 50) {
        let clock = clock
        let numbering = BackupSetNumbering()
        let shared = DatabaseLog(random: SeededRandom(seed: 5), recoveryModel: .full, clock: clock)
        var volumes: [String: WALCheckingVolume] = [:]
        let instances = ["SQL1", "SQL2"].map { name in
            let instance = SQLInstance(serverName: name, version: .v2019, numbering: numbering, clock: clock)
            instance.attach(SQLDatabase(name: "Sales", log: shared, sizeMiB: 16))
            let volume = WALCheckingVolume()
            instance.createDataFiles(on: volume)
            volumes[name] = volume
            return instance
        }
        let group = AvailabilityGroup(name: "AG1", databases: ["Sales"], replicas: [
            AvailabilityReplica(serverName: "SQL1", role: .primary),
            AvailabilityReplica(serverName: "SQL2", role: .secondary),
        ])
        for instance in instances { instance.availabilityGroups.append(group) }
        engine = SQLEngine(instances: instances, groups: [group], clock: clock, log: EventLog(clock: clock),
                           transactionsPerSecond: transactionsPerSecond)
        self.volumes = volumes
        log = shared
    }

    func files(_ server: String) -> DatabaseFiles { engine.instance(named: server)!.database(named: "Sales")!.files! }

    func pagesOnDisk(_ server: String) -> [DataPage] {
        (0..<DataFileLayout.pagesInUse).map { files(server).pageOnDisk($0)! }
    }
}
