import SnapWriter

extension BackupImage {
    /// `vms[].image`: the interface's `path`, `bytes`, `sha256`, `consistency`, then where the
    /// image came from, its files, each database's checks and every problem found.
    var json: JSONValue {
        .object([
            ("path", .optional(reportedPath)),
            ("bytes", .int(bytes)),
            ("sha256", .string(sha256)),
            ("consistency", .string(consistency.rawValue)),
            ("format", .string("ustar")),
            ("volume", .string(volume)),
            ("source", .string(source.rawValue)),
            ("snapshotId", .optional(snapshotId)),
            ("files", .array(files.map { .object([("path", .string($0.path)), ("bytes", .int($0.bytes))]) })),
            ("databases", .array(verification.databases.map(\.json))),
            ("problems", .array(verification.problems.map(\.json))),
        ])
    }
}

extension DatabaseImageCheck {
    var json: JSONValue {
        .object([
            ("name", .string(database)),
            ("dataFile", .string(dataFile)),
            ("logFile", .optional(logFile)),
            ("quiesced", .bool(quiesced)),
            ("pagesChecked", .int(pagesChecked)),
            ("endOfLogLsn", .optional(endOfLog?.numeric)),
            ("newestPageLsn", .optional(newestPage?.numeric)),
            ("tornPages", .int(count(.torn))),
            ("damagedPages", .int(count(.damaged))),
            ("pagesNewerThanLog", .int(count(.newerThanLog))),
        ])
    }
}

extension ImageProblem {
    var json: JSONValue {
        .object([
            ("problem", .string(kind.rawValue)),
            ("database", .string(database)),
            ("file", .string(file)),
            ("page", page.map { .int(Int($0.page)) } ?? .null),
            ("pageId", .optional(page?.description)),
            ("detail", .string(detail)),
        ])
    }
}
