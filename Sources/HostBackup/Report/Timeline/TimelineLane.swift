/// A machine's lane: a host (its requestor, VSS and writers) or a VM (its integration
/// service, VSS, writers and SQL Server), its rows in a fixed order.
struct TimelineLane {
    enum Kind { case host, vm }

    var kind: Kind
    var name: String
    var host: String
    var rows: [TimelineRow] = []

    /// The HRESULTs and messages of the lane's failures, in order, once each.
    var failures: [String] {
        var seen: [String] = []
        for row in rows {
            for mark in row.marks where mark.style == .failed && !seen.contains(mark.label) { seen.append(mark.label) }
        }
        return seen
    }

    var isEmpty: Bool { rows.allSatisfy { $0.spans.isEmpty && $0.marks.isEmpty } }

    /// The row named `name`, made with `kind` when it is not there yet; rows stay sorted by
    /// kind, then by when they first appeared.
    mutating func rowIndex(_ name: String, _ kind: TimelineRow.Kind) -> Int {
        if let index = rows.firstIndex(where: { $0.name == name && $0.kind == kind }) { return index }
        let position = rows.firstIndex { $0.kind > kind } ?? rows.count
        rows.insert(TimelineRow(name: name, kind: kind), at: position)
        return position
    }
}
