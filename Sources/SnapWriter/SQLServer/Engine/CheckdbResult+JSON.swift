extension CheckdbResult {
    /// The step's `checkdb` object: what was checked, the counts, each damaged page with its
    /// checksums, and CHECKDB's output a line each.
    public var json: JSONValue {
        .object([
            ("database", .string(database)),
            ("server", .string(serverName)),
            ("file", .string(file)),
            ("pagesChecked", .int(pagesChecked)),
            ("allocationErrors", .int(allocationErrors)),
            ("consistencyErrors", .int(consistencyErrors)),
            ("damagedPages", .array(damagedPages.map(\.json))),
            ("output", .array(output.map { .string($0) })),
        ])
    }
}

extension DamagedPage {
    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("page", .int(Int(page.page))), ("pageId", .string(page.description))]
        switch verification {
        case .badChecksum(let stored, let computed):
            pairs.append(("problem", .string("incorrect checksum")))
            pairs.append(("storedChecksum", .string(CheckdbMessages.hex(stored, 8))))
            pairs.append(("computedChecksum", .string(CheckdbMessages.hex(computed, 8))))
        case .wrongPageId(let found):
            pairs.append(("problem", .string("incorrect pageid (found \(found))")))
        case .badHeader, .valid:
            pairs.append(("problem", .string("unreadable page header")))
        }
        return .object(pairs)
    }
}
