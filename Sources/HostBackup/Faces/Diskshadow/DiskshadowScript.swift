import Foundation

/// A diskshadow script read whole and checked before any of it runs: its grammar when it is
/// read, then, once the machine is known, the names it gives literally (volumes, writers to
/// exclude, files to execute). Names holding `%ALIAS%` can only be checked when they run.
public struct DiskshadowScript: Sendable {
    public let file: String
    let lines: [DiskshadowLine]

    /// Reads and parses `path`; a file that cannot be read or a line that cannot be parsed is
    /// refused with the file and line.
    public static func load(path: String) throws(DiskshadowScriptError) -> DiskshadowScript {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DiskshadowScriptError(file: path, line: nil, message: "the script file cannot be read (\(Self.reason(path)))")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(DiskshadowScriptError) -> DiskshadowScript {
        DiskshadowScript(file: file, lines: try DiskshadowParser(file: file).parse(text))
    }

    private static func reason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        return isDirectory.boolValue ? "it is a directory" : "not UTF-8 text, or not readable"
    }

    /// Refuses a literal name the machine does not have: a volume, a writer to exclude, a
    /// file to execute.
    public func check(against machine: FaceMachine) throws(DiskshadowScriptError) {
        for line in lines {
            func fail(_ message: String) -> DiskshadowScriptError {
                DiskshadowScriptError(file: file, line: line.number, message: message)
            }
            switch line.command {
            case .addVolume(let word, _) where !word.contains("%"):
                guard let volume = FaceText.volumeName(word), machine.hasVolume(volume) else {
                    throw fail("no volume '\(word)' on \(machine.name); volumes: \(machine.volumeNames.joined(separator: ", "))")
                }
            case .writerExclude(let text):
                guard machine.writer(named: text) != nil else {
                    let names = machine.writerStatus.map { "\"\($0.name)\" \($0.writerId)" }
                    throw fail("no writer \(text) on \(machine.name); writers: \(names.joined(separator: ", "))")
                }
            case .exec(let path) where !path.contains("%"):
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                    throw fail("exec: no file '\(path)'")
                }
            default:
                continue
            }
        }
    }
}
