import Yams

/// A YAML node with the key path that leads to it and the file it came from, so anything wrong
/// with it can be reported with a line, a column, a key and what would have been accepted.
struct LocatedNode {
    let node: Node
    /// `vms[1].sql.version`; empty for the document root.
    let path: String
    let file: String

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    func child(_ key: String, _ node: Node) -> LocatedNode {
        LocatedNode(node: node, path: childPath(key), file: file)
    }

    func element(_ index: Int, _ node: Node) -> LocatedNode {
        LocatedNode(node: node, path: "\(path)[\(index)]", file: file)
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ message: String) -> ScenarioError {
        error(message, at: node.mark, key: path)
    }

    func error(_ message: String, at mark: Mark?, key: String) -> ScenarioError {
        ScenarioError(file: file, line: mark?.line, column: mark?.column, key: key.isEmpty ? nil : key,
                      message: message)
    }

    /// The YAML type of the node: what its tag says, or for a plain scalar what its text looks like.
    var resolvedTag: Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    /// A plain `~`, `null` or nothing at all; a quoted `'null'` is a string.
    var isNull: Bool {
        guard case .scalar = node else { return false }
        return resolvedTag == .null
    }

    /// How the node reads in a message: `a list`, `nothing`, `'abc'`.
    var found: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case let .scalar(scalar):
            if isNull { return "nothing" }
            switch scalar.style {
            case .singleQuoted, .doubleQuoted: return "the quoted string '\(scalar.string)'"
            default: return "'\(scalar.string)'"
            }
        }
    }

    /// The items of a list, each with its index in the key path.
    func list() throws(ScenarioError) -> [LocatedNode] {
        guard case let .sequence(sequence) = node else {
            throw error("expected a list, found \(found)")
        }
        return sequence.enumerated().map { element($0.offset, $0.element) }
    }

    /// A mapping whose keys must all be among `allowed`.
    func mapping(allowed: [String]) throws(ScenarioError) -> LocatedMapping {
        let mapping = try anyMapping(describing: "allowed keys: " + Self.listing(allowed))
        for entry in mapping.entries where !allowed.contains(entry.key) {
            let place = path.isEmpty ? "unknown top-level key" : "unknown key"
            throw mapping.keyError(entry, "\(place) '\(entry.key)'; allowed: \(Self.listing(allowed))")
        }
        return mapping
    }

    /// A mapping whose keys are names the scenario chose (VMs, writers, databases, step indexes).
    func mapping(keyedBy what: String) throws(ScenarioError) -> LocatedMapping {
        try anyMapping(describing: "keys are \(what)")
    }

    private func anyMapping(describing keys: String) throws(ScenarioError) -> LocatedMapping {
        guard case let .mapping(mapping) = node else {
            throw error("expected a mapping, found \(found); \(keys)")
        }
        var entries: [LocatedMapping.Entry] = []
        for (keyNode, valueNode) in mapping {
            guard case let .scalar(key) = keyNode else {
                let keyAt = LocatedNode(node: keyNode, path: path, file: file)
                throw keyAt.error("a key must be a plain name, found \(keyAt.found)")
            }
            entries.append(.init(key: key.string, keyMark: keyNode.mark, value: child(key.string, valueNode)))
        }
        return LocatedMapping(owner: self, entries: entries)
    }

    static func listing(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.joined(separator: ", ")
    }
}

/// A YAML mapping, its keys in the order they were written.
struct LocatedMapping {
    struct Entry {
        let key: String
        let keyMark: Mark?
        let value: LocatedNode
    }

    let owner: LocatedNode
    let entries: [Entry]

    subscript(key: String) -> LocatedNode? {
        entries.first { $0.key == key }?.value
    }

    /// The value under `key`; its absence is reported where the mapping starts. `allowed` names
    /// the values the key takes, when they are a fixed list.
    func required(_ key: String, allowed: [String]? = nil) throws(ScenarioError) -> LocatedNode {
        if let value = self[key] { return value }
        var message = "missing required key '\(key)'"
        if let allowed { message += "; allowed: " + LocatedNode.listing(allowed) }
        throw owner.error(message, at: owner.node.mark, key: owner.childPath(key))
    }

    /// An error about a key itself (unknown, misplaced), at the key, under the mapping's path.
    func keyError(_ entry: Entry, _ message: String) -> ScenarioError {
        owner.error(message, at: entry.keyMark, key: owner.path)
    }
}
