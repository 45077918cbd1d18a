import Foundation

/// Reads a whole diskshadow script into commands before any runs, with diskshadow's
/// grammar (keywords in any case; Microsoft's command reference for each form). A line it
/// cannot read is refused with its number and the forms allowed.
struct DiskshadowParser {
    let file: String

    static let commands = ["set", "writer", "add", "create", "begin backup", "end backup", "expose", "unexpose",
                           "list", "delete shadows", "exec", "reset", "exit"]
    /// Diskshadow commands SnapWriter does not emulate: restores, transportable and hardware
    /// shadow copies.
    static let unsupported = ["load", "import", "mask", "break", "revert", "begin restore", "end restore"]
    static let options = ["differential", "plex", "transportable", "rollbackrecover", "txfrecover", "noautorecover"]

    func parse(_ text: String) throws(DiskshadowScriptError) -> [DiskshadowLine] {
        var lines: [DiskshadowLine] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let words: [String]
            do {
                words = try DiskshadowLexer.words(String(raw))
            } catch {
                throw fail(number, "the quote opened at column \(error.column) is not closed")
            }
            guard !words.isEmpty else { continue }
            let command = try parse(words, line: number)
            let trimmed = String(raw).trimmingCharacters(in: .whitespacesAndNewlines)
            lines.append(DiskshadowLine(number: number, text: trimmed, command: command))
        }
        return lines
    }

    private func fail(_ line: Int, _ message: String) -> DiskshadowScriptError {
        DiskshadowScriptError(file: file, line: line, message: message)
    }

    private func parse(_ words: [String], line: Int) throws(DiskshadowScriptError) -> DiskshadowScriptCommand {
        let keyword = words[0].lowercased()
        let rest = Array(words.dropFirst())
        let second = rest.first?.lowercased()
        if let second, Self.unsupported.contains("\(keyword) \(second)") || Self.unsupported.contains(keyword) {
            let name = Self.unsupported.contains(keyword) ? keyword : "\(keyword) \(second)"
            throw fail(line, "'\(name)' is not emulated (restores, transportable and hardware shadow copies are not); "
                + "commands: \(Self.commands.joined(separator: ", "))")
        }
        switch keyword {
        case "set": return try set(rest, line: line)
        case "writer": return try writer(rest, line: line)
        case "add": return try add(rest, line: line)
        case "create": return try bare(.create, "create", rest, line: line)
        case "begin", "end":
            guard second == "backup", rest.count == 1 else {
                throw fail(line, "expected '\(keyword) backup'")
            }
            return keyword == "begin" ? .beginBackup : .endBackup
        case "expose":
            guard rest.count == 2 else { throw fail(line, "expected 'expose <shadow id or %alias%> <drive letter or directory>'") }
            return .expose(rest[0], as: rest[1])
        case "unexpose":
            guard rest.count == 1 else { throw fail(line, "expected 'unexpose <drive letter or directory>'") }
            return .unexpose(rest[0])
        case "list": return try list(rest, line: line)
        case "delete": return try delete(rest, line: line)
        case "exec":
            guard rest.count == 1 else { throw fail(line, "expected 'exec <script file>' (the file takes no arguments)") }
            return .exec(rest[0])
        case "reset": return try bare(.reset, "reset", rest, line: line)
        case "exit": return try bare(.exit, "exit", rest, line: line)
        default:
            if Self.unsupported.contains(keyword) {
                throw fail(line, "'\(keyword)' is not emulated; commands: \(Self.commands.joined(separator: ", "))")
            }
            throw fail(line, "unknown command '\(words[0])'; commands: \(Self.commands.joined(separator: ", "))")
        }
    }

    private func bare(_ command: DiskshadowScriptCommand, _ name: String, _ rest: [String], line: Int)
        throws(DiskshadowScriptError) -> DiskshadowScriptCommand
    {
        guard rest.isEmpty else { throw fail(line, "'\(name)' takes no parameters; found '\(rest[0])'") }
        return command
    }

    private func set(_ rest: [String], line: Int) throws(DiskshadowScriptError) -> DiskshadowScriptCommand {
        guard let sub = rest.first?.lowercased() else { return .showSettings }
        let values = rest.dropFirst().map { $0.lowercased() }
        switch sub {
        case "context":
            switch values {
            case ["volatile"]: return .setContext(.volatile, noWriters: false)
            case ["volatile", "nowriters"]: return .setContext(.volatile, noWriters: true)
            case ["persistent"]: return .setContext(.persistent, noWriters: false)
            case ["persistent", "nowriters"]: return .setContext(.persistent, noWriters: true)
            case ["clientaccessible"]: return .setContext(.clientAccessible, noWriters: true)
            default:
                throw fail(line, "expected 'set context {clientaccessible | persistent [nowriters] | volatile [nowriters]}'")
            }
        case "option":
            guard !values.isEmpty else {
                throw fail(line, "expected 'set option' with one or more of: \(Self.options.joined(separator: ", "))")
            }
            if let unknown = values.first(where: { !Self.options.contains($0) }) {
                throw fail(line, "unknown option '\(unknown)'; options: \(Self.options.joined(separator: ", "))")
            }
            if values.contains("differential"), values.contains("plex") {
                throw fail(line, "'differential' and 'plex' cannot both be set")
            }
            if values.contains("noautorecover"), values.contains("txfrecover") || values.contains("rollbackrecover") {
                throw fail(line, "'noautorecover' cannot be used with 'txfrecover' or 'rollbackrecover'")
            }
            return .setOption(values)
        case "verbose":
            switch values {
            case ["on"]: return .setVerbose(true)
            case ["off"]: return .setVerbose(false)
            default: throw fail(line, "expected 'set verbose {on | off}'")
            }
        case "metadata":
            guard rest.count == 2 else { throw fail(line, "expected 'set metadata <file.cab>'") }
            return .setMetadata(rest[1])
        default:
            throw fail(line, "unknown 'set' subcommand '\(rest[0])'; subcommands: context, option, verbose, metadata")
        }
    }

    private func writer(_ rest: [String], line: Int) throws(DiskshadowScriptError) -> DiskshadowScriptCommand {
        guard let sub = rest.first?.lowercased(), sub == "verify" || sub == "exclude", rest.count >= 2 else {
            throw fail(line, "expected 'writer verify <writer>' or 'writer exclude <writer>' (a {GUID} or a name)")
        }
        // Newer documentation writes a name with spaces unquoted: the words are one name.
        let name = rest.dropFirst().joined(separator: " ")
        if name.contains(":\\") {
            throw fail(line, "component forms ('\(name)') are not emulated: verify or exclude a whole writer")
        }
        return sub == "verify" ? .writerVerify(name) : .writerExclude(name)
    }

    private func add(_ rest: [String], line: Int) throws(DiskshadowScriptError) -> DiskshadowScriptCommand {
        guard let sub = rest.first?.lowercased() else { return .listAdded }
        switch sub {
        case "volume":
            guard rest.count >= 2 else { throw fail(line, "expected 'add volume <volume> [alias <name>] [provider <id>]'") }
            var alias: String?
            var index = 2
            while index < rest.count {
                let word = rest[index].lowercased()
                guard index + 1 < rest.count, word == "alias" || word == "provider" else {
                    throw fail(line, "unexpected '\(rest[index])'; expected 'add volume <volume> [alias <name>] [provider <id>]'")
                }
                let value = rest[index + 1]
                if word == "alias" {
                    guard Self.isAliasName(value) else {
                        throw fail(line, "the alias '\(value)' must be letters, digits and '_'")
                    }
                    alias = value
                } else if value.lowercased() != "{b5946137-7b9f-4925-af80-51abd60b20d5}" {
                    throw fail(line, "unknown provider \(value); the one provider is "
                        + "{b5946137-7b9f-4925-af80-51abd60b20d5} (Microsoft Software Shadow Copy provider 1.0)")
                }
                index += 2
            }
            return .addVolume(rest[1], alias: alias)
        case "alias":
            guard rest.count == 3, Self.isAliasName(rest[1]) else {
                throw fail(line, "expected 'add alias <name> <value>' (a name of letters, digits and '_')")
            }
            return .addAlias(rest[1], value: rest[2])
        default:
            throw fail(line, "unknown 'add' subcommand '\(rest[0])'; subcommands: volume, alias")
        }
    }

    private func list(_ rest: [String], line: Int) throws(DiskshadowScriptError) -> DiskshadowScriptCommand {
        let values = rest.map { $0.lowercased() }
        switch values.first {
        case "writers":
            guard values.count <= 2 else { throw fail(line, "expected 'list writers [metadata | detailed | status]'") }
            guard let mode = values.count == 1 ? .metadata : DiskshadowScriptCommand.WritersListing(rawValue: values[1]) else {
                throw fail(line, "expected 'list writers [metadata | detailed | status]'")
            }
            return .listWriters(mode)
        case "shadows":
            switch values.dropFirst().first {
            case "all" where values.count == 2: return .listShadows(.all)
            case "set" where values.count == 3: return .listShadows(.set(rest[2]))
            case "id" where values.count == 3: return .listShadows(.id(rest[2]))
            default: throw fail(line, "expected 'list shadows {all | set <setID> | id <shadowID>}'")
            }
        case "providers" where values.count == 1:
            return .listProviders
        default:
            throw fail(line, "expected 'list writers', 'list shadows' or 'list providers'")
        }
    }

    private func delete(_ rest: [String], line: Int) throws(DiskshadowScriptError) -> DiskshadowScriptCommand {
        let usage = "expected 'delete shadows {all | volume <volume> | oldest <volume> | set <setID> | id <shadowID> "
            + "| exposed <drive or directory>}'"
        guard rest.first?.lowercased() == "shadows", rest.count >= 2 else { throw fail(line, usage) }
        let what = rest[1].lowercased()
        if what == "all", rest.count == 2 { return .deleteShadows(.all) }
        guard rest.count == 3 else { throw fail(line, usage) }
        switch what {
        case "volume": return .deleteShadows(.volume(rest[2]))
        case "oldest": return .deleteShadows(.oldest(rest[2]))
        case "set": return .deleteShadows(.set(rest[2]))
        case "id": return .deleteShadows(.id(rest[2]))
        case "exposed": return .deleteShadows(.exposed(rest[2]))
        default: throw fail(line, usage)
        }
    }

    static func isAliasName(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
    }
}
