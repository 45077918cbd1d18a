import Foundation
@testable import HostBackup
import SnapWriter
import Testing
import TestSupport

/// A requester session driven call by call, as backup software under test drives it through
/// the API: VSS's order rules and codes in the answers, the SQL writer freezing and
/// recording, shadow copies exposed on a real mount and deleted with their session.
@Suite(.serialized) struct RequesterSessionTests {
    static let fuseUsable = FuseAvailability.deviceUsable || ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1"

    /// The three-VM host on 2012 SP2 CU2: VM1 primary of AG1 (Sales) with Inventory, VM3 secondary.
    static func world(volumes: Scenario.VolumeKind = .memory) throws -> (World, GuestVolumes) {
        var scenario = try ScenarioParser.parse(
            try String(contentsOfFile: "examples/three-vms-2012-sp2-cu2.yaml", encoding: .utf8), file: "three-vms.yaml")
        scenario.expect = nil
        scenario.volumes = volumes
        let guestVolumes = try GuestVolumes.forScenario(scenario)
        return (try World(scenario: scenario, volumes: guestVolumes), guestVolumes)
    }

    static func call(_ sessions: RequesterSessions, _ id: String, on machine: MachineRef = .vm("VM1"),
                     _ pairs: [(String, JSONValue)]) throws -> JSONValue {
        try sessions.call(.object(pairs), session: id, on: machine)
    }

    static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    static func open(_ sessions: RequesterSessions, on machine: MachineRef = .vm("VM1")) throws -> String {
        let opened = try sessions.open(on: machine)
        #expect(string(opened["hresult"]) == "0x00000000")
        return try #require(string(opened["id"]))
    }

    @Test(.enabled(if: fuseUsable, "/dev/fuse cannot be opened here; the FUSE pass is skipped"))
    func aCopyBackupInVSSOrderFreezesRecordsAndExposesTheShadowCopy() throws {
        let (world, volumes) = try Self.world(volumes: .fuse)
        defer { volumes.close() }
        let sessions = RequesterSessions(world: world)
        defer { sessions.close() }
        let id = try Self.open(sessions)
        func call(_ name: String, _ arguments: [(String, JSONValue)] = []) throws -> JSONValue {
            let answer = try Self.call(sessions, id, [("call", .string(name))] + arguments)
            #expect(Self.string(answer["hresult"]) == "0x00000000", "\(name): \(answer.serialized())")
            return answer
        }
        _ = try call("SetBackupState", [("backupType", .string("VSS_BT_COPY"))])
        let metadata = try call("GatherWriterMetadata")
        guard case .array(let writers)? = metadata["metadata"] else { Issue.record("no metadata"); return }
        let sqlWriter = try #require(writers.first { Self.string($0["name"]) == "SqlServerWriter" })
        guard case .array(let components)? = sqlWriter["components"] else { Issue.record("no components"); return }
        #expect(components.compactMap { Self.string($0["name"]) } == ["Sales", "Inventory"])
        #expect(components.first?["files"] == .array([.string("D:\\Data\\Sales.mdf"), .string("D:\\Data\\Sales_log.ldf")]))
        let setId = try #require(Self.string(try call("StartSnapshotSet")["snapshotSetId"]))
        let snapshotId = try #require(Self.string(try call("AddToSnapshotSet", [("volume", .string("D:"))])["snapshotId"]))
        _ = try call("PrepareForBackup")
        let done = try call("DoSnapshotSet")
        #expect(done["snapshots"] == .array([.object([("id", .string(snapshotId)), ("volume", .string("D:"))])]),
                "the shadow copy has the id AddToSnapshotSet announced")

        let exposed = try sessions.expose(shadow: snapshotId, on: .vm("VM1"))
        let mountpoint = try #require(Self.string(exposed["mountpoint"]))
        #expect(mountpoint.hasPrefix(try #require(world.volumes.runDirectory) + "/"))
        let copied = try #require(FileManager.default.contents(atPath: mountpoint + "/Data/Sales.mdf"))
        let files = try #require(world.instances["VM1"]?.database(named: "Sales")?.files)
        #expect(copied.count == (files.volume.read(files.dataPath)?.count ?? -1), "the whole data file is readable")
        let listed = try sessions.shadows(on: .vm("VM1"))
        guard case .array(let shadows)? = listed["shadows"] else { Issue.record("no shadows"); return }
        #expect(shadows.count == 1 && Self.string(shadows[0]["setId"]) == setId)
        #expect(Self.string(shadows[0]["mountpoint"]) == mountpoint)

        _ = try call("BackupComplete")
        let errorLog = try #require(world.instances["VM1"]?.errorLog)
        #expect(errorLog.contains { $0.hasPrefix("I/O is frozen on database Sales.") })
        #expect(errorLog.contains { $0.hasPrefix("I/O was resumed on database Sales.") })
        let row = try #require(world.instances["VM1"]?.msdb.backupSets.last { $0.databaseName == "Sales" })
        #expect(row.isCopyOnly == true && row.isSnapshot == true)

        try sessions.release(session: id, on: .vm("VM1"))
        #expect(!MountTable().isMounted(mountpoint, type: "fuse.snapwriter"), "released, the exposure is gone")
        #expect(!(world.vm(named: "VM1")?.guest.dataVolume.snapshotIds.contains(snapshotId) ?? true))
    }

    @Test func outOfOrderCallsAndASecondSetGetVSSCodes() throws {
        let (world, volumes) = try Self.world()
        defer { volumes.close() }
        let sessions = RequesterSessions(world: world)
        defer { sessions.close() }
        let first = try Self.open(sessions)
        let early = try Self.call(sessions, first, [("call", .string("DoSnapshotSet"))])
        #expect(Self.string(early["hresult"]) == "0x80042301" && Self.string(early["name"]) == "VSS_E_BAD_STATE")
        _ = try Self.call(sessions, first, [("call", .string("GatherWriterMetadata"))])
        _ = try Self.call(sessions, first, [("call", .string("StartSnapshotSet"))])
        let unknown = try Self.call(sessions, first, [("call", .string("AddToSnapshotSet")), ("volume", .string("Z:"))])
        #expect(Self.string(unknown["name"]) == "VSS_E_OBJECT_NOT_FOUND")
        let component = try Self.call(sessions, first, [("call", .string("AddComponent")),
                                                        ("writer", .string("SqlServerWriter")),
                                                        ("component", .string("Payroll"))])
        #expect(Self.string(component["name"]) == "VSS_E_OBJECT_NOT_FOUND")

        let second = try Self.open(sessions)
        _ = try Self.call(sessions, second, [("call", .string("GatherWriterMetadata"))])
        let refused = try Self.call(sessions, second, [("call", .string("StartSnapshotSet"))])
        #expect(Self.string(refused["hresult"]) == "0x80042316"
            && Self.string(refused["name"]) == "VSS_E_SNAPSHOT_SET_IN_PROGRESS")
        guard case .array(let writers)? = refused["writers"] else { Issue.record("no writers"); return }
        #expect(writers.contains { Self.string($0["name"]) == "SqlServerWriter" }, "every answer carries the writers")
    }

    @Test func aHostSessionsDoSnapshotSetRunsEveryGuestsBackup() throws {
        var scenario = try ScenarioParser.parse(
            try String(contentsOfFile: "examples/three-vms.yaml", encoding: .utf8), file: "three-vms.yaml")
        scenario.expect = nil
        scenario.volumes = .memory
        let world = try World(scenario: scenario)
        let sessions = RequesterSessions(world: world)
        defer { sessions.close() }
        let host = MachineRef.host("HV01")
        let id = try Self.open(sessions, on: host)
        for (name, arguments) in [("GatherWriterMetadata", []), ("StartSnapshotSet", []),
                                  ("AddToSnapshotSet", [("volume", JSONValue.string("C:"))]),
                                  ("PrepareForBackup", []), ("DoSnapshotSet", [])] as [(String, [(String, JSONValue)])] {
            _ = try Self.call(sessions, id, on: host, [("call", .string(name))] + arguments)
        }
        let status = try Self.call(sessions, id, on: host, [("call", .string("GatherWriterStatus"))])
        guard case .array(let writers)? = status["writers"] else { Issue.record("no writers"); return }
        let hyperV = try #require(writers.first { Self.string($0["name"]) == "Microsoft Hyper-V VSS Writer" })
        #expect(Self.string(hyperV["state"]) == "VSS_WS_FAILED_AT_PREPARE_SNAPSHOT")
        #expect(Self.string(hyperV["hresult"]) == "0x800423F4", "VM3's 2012 SP1 secondary vetoed the guests' VSS_BT_FULL")
        #expect(world.log.events.contains { $0.scope == "HV01/VM3/SqlServerWriter" && $0.event == "WriterFailed" })
    }

    @Test func misuseIsNamedByItsField() throws {
        let (world, volumes) = try Self.world()
        defer { volumes.close() }
        let sessions = RequesterSessions(world: world)
        defer { sessions.close() }
        let id = try Self.open(sessions)
        let cases: [(JSONValue, String)] = [
            (.object([]), "call"),
            (.object([("call", .string("Backup"))]), "call"),
            (.object([("call", .string("SetBackupState")), ("backupType", .string("full"))]), "backupType"),
            (.object([("call", .string("SetBackupState")), ("backupType", .string("VSS_BT_FULL")),
                      ("selectComponents", .string("yes"))]), "selectComponents"),
            (.object([("call", .string("AddToSnapshotSet"))]), "volume"),
            (.object([("call", .string("PrepareForBackup")), ("volume", .string("D:"))]), "volume"),
            (.array([]), ""),
        ]
        for (body, path) in cases {
            #expect(throws: SessionError.self, "\(body.serialized())") {
                try sessions.call(body, session: id, on: .vm("VM1"))
            }
            do {
                _ = try sessions.call(body, session: id, on: .vm("VM1"))
            } catch {
                #expect(error.kind == .badRequest && error.path == path, "\(body.serialized()): \(error)")
            }
        }
        #expect(throws: SessionError.notFound("no VM VM9")) { try sessions.open(on: .vm("VM9")) }
        #expect(throws: SessionError.notFound("no host HV02")) { try sessions.open(on: .host("HV02")) }
        #expect(throws: SessionError.notFound("no session session-9 on VM VM1")) {
            try sessions.call(.object([("call", .string("AbortBackup"))]), session: "session-9", on: .vm("VM1"))
        }
        #expect(throws: SessionError.notFound("no session \(id) on VM VM3"), "a session belongs to its machine") {
            try sessions.call(.object([("call", .string("AbortBackup"))]), session: id, on: .vm("VM3"))
        }
        #expect(throws: SessionError.notFound("no shadow copy {x} on VM VM1")) {
            try sessions.expose(shadow: "{x}", on: .vm("VM1"))
        }
    }
}
