@testable import HostBackup
import SnapWriter

/// A run's result with its world kept as the run left it, for tests that look inside the
/// SQL Server model (logs, msdb, replica states). The result's values read through as if it
/// were the result itself.
@dynamicMemberLookup
struct TestRun {
    let result: RunResult
    let world: World

    subscript<Value>(dynamicMember keyPath: KeyPath<RunResult, Value>) -> Value { result[keyPath: keyPath] }

    func vm(_ name: String) -> VMBackupResult? { result.vm(name) }
    func database(_ vm: String, _ name: String) -> DatabaseBackupResult? { result.database(vm, name) }
    func writer(_ vm: String, _ name: String) -> WriterStatus? { result.writer(vm, name) }
    var events: [TraceEvent] { result.events }
    func events(_ name: String) -> [TraceEvent] { result.events(name) }
    func step(_ index: Int) -> StepResult { result.step(index) }
    func row(_ index: Int) -> BackupSet? { result.row(index) }
    func trace(_ event: String, in vm: String) -> [TraceEvent] { result.trace(event, in: vm) }

    /// The result with the world's state taken again: for a test that changed the world
    /// after the run, to see what the checks make of it.
    func takenAgain(audit: RunAudit = []) -> RunResult {
        var again = result
        again.end = WorldState(taking: world, audit: audit)
        return again
    }

    func msdb(_ vm: String) -> [BackupSet] { world.instances[vm]?.msdb.backupSets ?? [] }

    func sqlDatabase(_ vm: String, _ name: String) -> SQLDatabase? { world.instances[vm]?.database(named: name) }

    func log(_ name: String = "Sales") -> DatabaseLog { world.instances["VM1"]!.database(named: name)!.log }
}
