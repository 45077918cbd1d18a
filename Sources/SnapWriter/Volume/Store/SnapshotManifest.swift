/// What a volume held when a snapshot was taken: every directory and file by path, each
/// file with its inode and size. Writing it costs one line per file, whatever the data.
public struct SnapshotManifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public enum Kind: String, Sendable { case file = "f", directory = "d" }
        public let kind: Kind
        public let inode: UInt64
        public let size: Int
        /// Relative to the volume's root, without a leading slash; "" is the root.
        public let path: String
    }

    public let entries: [Entry]
    /// Looked up on every write to the live volume, so kept as a table.
    private let filesByInode: [UInt64: Entry]
    private let byPath: [String: Entry]

    public func entry(at path: String) -> Entry? { byPath[path] }

    public func entry(inode: UInt64) -> Entry? { filesByInode[inode] }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.entries == rhs.entries }

    /// One tab-separated line per entry; `%`, tab and newline in paths are percent-escaped.
    public var text: String {
        entries.map { "\($0.kind.rawValue)\t\($0.inode)\t\($0.size)\t\(Self.escape($0.path))" }.joined(separator: "\n") + "\n"
    }

    public init(entries: [Entry]) {
        self.entries = entries
        var files: [UInt64: Entry] = [:]
        var paths: [String: Entry] = [:]
        for entry in entries {
            if entry.kind == .file { files[entry.inode] = entry }
            paths[entry.path] = entry
        }
        filesByInode = files
        byPath = paths
    }

    public init?(text: String) {
        var entries: [Entry] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, let kind = Entry.Kind(rawValue: String(fields[0])),
                let inode = UInt64(fields[1]), let size = Int(fields[2])
            else { return nil }
            entries.append(Entry(kind: kind, inode: inode, size: size, path: Self.unescape(String(fields[3]))))
        }
        self.init(entries: entries)
    }

    static func escape(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\t", with: "%09")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func unescape(_ path: String) -> String {
        path.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%09", with: "\t")
            .replacingOccurrences(of: "%25", with: "%")
    }
}

import Foundation
