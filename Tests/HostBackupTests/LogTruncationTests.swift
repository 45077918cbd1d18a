import HostBackup
import SnapWriter
import Testing

/// A backed-up log lets its old records go: what it holds follows the active log (since
/// the last log backup), not the length of the run, and the run reports the same.
@Suite struct LogTruncationTests {
    static let quarterHours = 8

    static var steps: String {
        var steps = "  - backup: { vm: VM1, database: Sales, type: full }\n"
        for quarter in 0..<quarterHours {
            steps += "  - workload: { seconds: 900 }\n"
            steps += "  - backup: { vm: \(quarter % 2 == 0 ? "VM1" : "VM2"), database: Sales, type: log }\n"
        }
        return steps
    }

    @Test func logBackupsEveryQuarterHourKeepTheLogToAboutAQuarterHour() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: Self.steps))
        let log = result.log()
        let perQuarterHour = 50 * 900
        #expect(log.discardedRecords > (Self.quarterHours - 2) * perQuarterHour)
        #expect(log.keptRecords < 2 * perQuarterHour + DatabaseLog.discardBatch)
        for index in 1...(2 * Self.quarterHours) where index % 2 == 0 {
            #expect(result.step(index).ok, "log backup at step \(index)")
        }
    }
}
