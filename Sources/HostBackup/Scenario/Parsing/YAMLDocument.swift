import Yams

/// The YAML text of a scenario composed into a located root node; libyaml's complaints become
/// scenario errors at the line and column it names.
enum YAMLDocument {
    /// nil for a document with no content at all.
    static func root(of text: String, file: String) throws(ScenarioError) -> LocatedNode? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw ScenarioError(file: file, line: nil, column: nil, key: nil, message: "cannot read YAML: \(error)")
        }
        return node.map { LocatedNode(node: $0, path: "", file: file) }
    }

    private static func syntaxError(_ error: YamlError, file: String) -> ScenarioError {
        switch error {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
            return ScenarioError(file: file, line: mark.line, column: mark.column, key: nil, message: message)
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams reports the first of the duplicates, so the position is where the key was first written.
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ScenarioError(
                file: file, line: context.mark.line, column: context.mark.column, key: nil,
                message: "duplicate key \(names) in one mapping; each key may be written once")
        case let .reader(problem, offset, _, yaml):
            let position = offset.map { lineAndColumn(ofCharacter: $0, in: yaml) }
            return ScenarioError(file: file, line: position?.line, column: position?.column, key: nil,
                                 message: "unreadable YAML text: \(problem)")
        default:
            return ScenarioError(file: file, line: nil, column: nil, key: nil, message: "cannot read YAML: \(error)")
        }
    }

    private static func lineAndColumn(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
