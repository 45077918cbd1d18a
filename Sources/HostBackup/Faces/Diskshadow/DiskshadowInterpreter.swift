import Foundation
import SnapWriter

/// Runs a checked diskshadow script against one machine, command by command, printing what
/// diskshadow prints in script mode: each command echoed after `-> `, then its output. A
/// command that fails prints why and the script goes on (its result counts as a failure);
/// `exec` whose file fails ends the script, as Microsoft documents; so does `exit`.
public final class DiskshadowInterpreter {
    /// How a script ended.
    public struct Outcome: Equatable, Sendable {
        /// Commands that failed, by line number.
        public let failedLines: [Int]
        /// The line of an `exec` whose file failed, which ended the script.
        public let stoppedAtLine: Int?
        public var succeeded: Bool { failedLines.isEmpty }
    }

    let script: DiskshadowScript
    let machine: FaceMachine
    let runDirectory: String
    let environment: [String: String]
    let output: (String) -> Void
    var settings = DiskshadowSettings()
    /// The shadow copy set of this session, once `create` ran.
    var backup: ShadowSetBackup?
    var created = false
    private var failedLines: [Int] = []

    /// `environment`: the variables `%NAME%` may name besides aliases (the process's).
    public init(script: DiskshadowScript, world: FaceWorld, environment: [String: String],
                output: @escaping (String) -> Void) {
        self.script = script
        machine = world.machine
        runDirectory = world.runDirectory
        self.environment = environment
        self.output = output
    }

    /// A command's failure: diskshadow's message for it.
    struct CommandFailure: Error {
        let message: String
        /// Ends the script (an `exec` whose file failed).
        var ends = false
    }

    public func run() -> Outcome {
        DiskshadowText.banner(machine: machine.name, date: machine.now).forEach(output)
        var stoppedAt: Int?
        lines: for line in script.lines {
            output(DiskshadowText.echo(line.text))
            if line.command == .exit { break lines }
            do {
                try perform(line.command)
            } catch {
                output(error.message)
                failedLines.append(line.number)
                if error.ends {
                    stoppedAt = line.number
                    break lines
                }
            }
        }
        backup?.release()
        backup = nil
        return Outcome(failedLines: failedLines, stoppedAtLine: stoppedAt)
    }

    private func perform(_ command: DiskshadowScriptCommand) throws(CommandFailure) {
        switch command {
        case .showSettings: showSettings()
        case .setContext(let persistence, let noWriters):
            settings.attributes.persistent = persistence != .volatile
            settings.attributes.clientAccessible = persistence == .clientAccessible
            settings.attributes.noWriters = noWriters
        case .setOption(let options):
            settings.options = options
            settings.attributes.plex = options.contains("plex")
        case .setVerbose(let on): settings.verbose = on
        case .setMetadata(let file): settings.metadataFile = file
        case .writerVerify(let text):
            settings.verified.append((text, machine.writer(named: text)?.writerId))
        case .writerExclude(let text):
            guard let writer = machine.writer(named: text) else {
                throw CommandFailure(message: "Writer \(text) was not found on this computer.")
            }
            settings.excluded.append((text, writer.writerId.lowercased()))
        case .listAdded: listAdded()
        case .addVolume(let word, let alias): try addVolume(word, alias: alias)
        case .addAlias(let name, let value): settings.setAlias(name, try expand(value))
        case .create: try create()
        case .beginBackup:
            guard !settings.inBackup else { throw CommandFailure(message: "A backup session has already begun.") }
            guard backup == nil else {
                throw CommandFailure(message: "The shadow copy set was already created; use reset before begin backup.")
            }
            settings.inBackup = true
        case .endBackup: try endBackup()
        case .expose(let shadow, let target): try expose(shadow, as: target)
        case .unexpose(let target): try unexpose(target)
        case .listWriters(let mode): listWriters(mode)
        case .listShadows(let query): try listShadows(query)
        case .listProviders: DiskshadowText.providers(machine.coordinator.providers).forEach(output)
        case .deleteShadows(let deletion): try deleteShadows(deletion)
        case .exec(let file): try exec(file)
        case .reset: reset()
        case .exit: break
        }
    }

    /// `%NAME%` replaced by the alias or environment variable of that name (any case).
    func expand(_ word: String) throws(CommandFailure) -> String {
        var result = ""
        var rest = Substring(word)
        while let start = rest.firstIndex(of: "%") {
            result += rest[..<start]
            let afterStart = rest.index(after: start)
            guard let end = rest[afterStart...].firstIndex(of: "%") else {
                result += rest[start...]
                return result
            }
            let name = String(rest[afterStart..<end])
            guard let value = settings.alias(name)
                ?? environment.first(where: { $0.key.lowercased() == name.lowercased() })?.value
            else {
                throw CommandFailure(message: "The alias or environment variable %\(name)% is not defined.")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    private func showSettings() {
        output("Context: \(settings.contextName)")
        output("Options: \(settings.options.isEmpty ? "none" : settings.options.joined(separator: " "))")
        output("Verbose: \(settings.verbose ? "on" : "off")")
        output("Metadata file: \(settings.metadataFile ?? "none")")
    }

    private func listAdded() {
        for (volume, alias) in settings.volumes {
            output("Volume \(volume) alias \(alias ?? "") GUID \(FaceText.volumeGUIDName(machine: machine.name, volume: volume))")
        }
        output("\(settings.volumes.count) volume\(settings.volumes.count == 1 ? "" : "s") in Shadow Copy Set.")
        if settings.aliases.isEmpty {
            output("No Diskshadow aliases in the environment.")
        } else {
            for (name, value) in settings.aliases { output("Alias \(name) = \(value)") }
        }
    }

    private func addVolume(_ word: String, alias: String?) throws(CommandFailure) {
        let text = try expand(word)
        guard let volume = FaceText.volumeName(text), machine.hasVolume(volume) else {
            throw CommandFailure(message: "The volume \(text) is not valid: volumes on \(machine.name): "
                + machine.volumeNames.joined(separator: ", ") + ".")
        }
        guard backup == nil else {
            throw CommandFailure(message: "The shadow copy set was already created; use reset to start a new one.")
        }
        guard !settings.volumes.contains(where: { $0.volume == volume }) else {
            throw CommandFailure(message: "The volume \(volume) is already in the Shadow Copy Set.")
        }
        settings.volumes.append((volume, alias))
    }

    private func listWriters(_ mode: DiskshadowScriptCommand.WritersListing) {
        let writers = machine.writerStatus
        switch mode {
        case .status: DiskshadowText.writerStatus(writers).forEach(output)
        case .metadata, .detailed:
            DiskshadowText.writerMetadata(writers, metadata: machine.metadata, detailed: mode == .detailed).forEach(output)
        }
    }

    private func exec(_ word: String) throws(CommandFailure) {
        let file = try expand(word)
        var variables: [String: String] = [:]
        for (name, value) in settings.aliases { variables[name] = value }
        let status: Int32
        do {
            status = try ExecRunner(runDirectory: runDirectory, variables: variables).run(file)
        } catch {
            throw CommandFailure(message: "EXEC: \(error.message).", ends: true)
        }
        if status != 0 {
            throw CommandFailure(message: "EXEC: \(file) exited with code \(status); DiskShadow stops the script.",
                                 ends: true)
        }
    }

    private func reset() {
        backup?.release()
        backup = nil
        created = false
        settings = DiskshadowSettings()
    }
}
