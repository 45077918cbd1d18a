import Foundation
import SnapWriter

/// What `run --out DIR` writes besides stdout, once the run is over: the run document, the
/// trace as JSON lines, the union backup history (the input of `chain`) as JSON and as an
/// msdb-shaped SQLite file, a JUnit file of the expectations, and `timeline.html` (the run
/// drawn, `RunTimelinePage`). The backup images are
/// already there: host backups write them into `DIR/repository` as the run goes
/// (`BackupRepository.inOutputDirectory`).
public enum RunArtifacts {
    public static func write(_ result: RunResult, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func file(_ name: String) throws -> URL { URL(fileURLWithPath: try ConfinedPath.make(directory, name)) }
        try (RunReport.json(result).serialized(indent: 2) + "\n")
            .write(to: file("result.json"), atomically: true, encoding: .utf8)
        try writeEvidence(result, to: directory)
        try junit(result).write(to: file("junit.xml"), atomically: true, encoding: .utf8)
        try RunTimelinePage.html(result).write(to: file(RunTimelinePage.fileName), atomically: true, encoding: .utf8)
    }

    /// The files every document of a run shares, whoever writes its own: the trace
    /// (`events.jsonl`), the union history (`history.json`) and `msdb.sqlite`.
    public static func writeEvidence(_ result: RunResult, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func file(_ name: String) throws -> URL { URL(fileURLWithPath: try ConfinedPath.make(directory, name)) }
        let events = result.events.map { RunReport.eventJSON($0).serialized() }.joined(separator: "\n")
        try (events + "\n").write(to: file("events.jsonl"), atomically: true, encoding: .utf8)
        try (JSONValue.array(history(result).map(\.json)).serialized(indent: 2) + "\n")
            .write(to: file("history.json"), atomically: true, encoding: .utf8)
        let msdb = try file("msdb.sqlite")
        try? FileManager.default.removeItem(at: msdb)
        try MSDBFile.write(history(result), to: msdb.path)
    }

    /// Every replica's msdb rows, in backup_set_id order.
    public static func history(_ result: RunResult) -> [BackupSet] {
        result.end.history
    }

    static func junit(_ result: RunResult) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let failures = result.expectations.filter { !$0.ok }.count
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<testsuite name=\"\(escape(result.scenario.name))\" tests=\"\(result.expectations.count)\" "
                + "failures=\"\(failures)\">",
        ]
        for expectation in result.expectations {
            let name = "<testcase classname=\"\(escape(result.scenario.name))\" name=\"\(escape(expectation.path))\""
            if expectation.ok {
                lines.append("  \(name)/>")
            } else {
                lines.append("  \(name)>")
                lines.append("    <failure message=\"expected \(escape(expectation.expected)), got "
                    + "\(escape(expectation.actual ?? "nothing"))\"/>")
                lines.append("  </testcase>")
            }
        }
        lines.append("</testsuite>")
        return lines.joined(separator: "\n") + "\n"
    }
}
