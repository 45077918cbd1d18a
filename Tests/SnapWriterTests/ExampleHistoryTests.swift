import Foundation
import Testing
@testable import SnapWriter

/// The example histories in examples/history plan as their names promise.
@Suite struct ExampleHistoryTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/history")

    func history(_ name: String) throws -> BackupHistory {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        return try BackupHistory(json: text)
    }

    @Test func alternatingReplicasRestoreFromTheSecondarysCopyOnlyFull() throws {
        let history = try history("ag-alternating-replicas.json")
        let planner = RestorePlanner(history: history, database: try history.database(named: nil))
        let latest = planner.plan()
        #expect(latest.ids == [4, 5, 6, 7])
        #expect(Set(latest.sequence.compactMap(\.serverName)) == ["SQL1", "SQL2"])
        #expect(latest.restoredTo?.numeric == "45000000000100001")
        #expect(planner.plan(stopAt: LSN(parsing: "42:50:1")).ids == [1, 2, 3, 5])
    }

    @Test func logDuringFullAndGap() throws {
        let history = try history("log-during-full-and-gap.json")
        let planner = RestorePlanner(history: history, database: "Inventory")
        let latest = planner.plan()
        #expect(latest.ids == [7, 8, 9])
        #expect(latest.warning?.backupSetId == 11)
        #expect(planner.plan(stopAt: LSN(parsing: "56:50:1")).error?.msg == 4305)
        let (_, scripted) = try history.sequence(ids: [7, 9], database: nil)
        #expect(RestoreReplay.replay(scripted, database: "Inventory").error?.msg == 4305)
    }
}
