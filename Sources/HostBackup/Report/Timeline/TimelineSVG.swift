/// Draws a `TimelineModel` as one SVG element: the time axis with its cut idle stretches,
/// a lane per machine (`<g data-vm="VM1">`, `<g data-host="HV01">`) holding a row per
/// requester, writer and SQL Server (`<g data-writer="SqlServerWriter">`), bars and marks
/// with tooltips, labels that never cover each other, and the handshake arrows on top.
/// Colours come from the page's style sheet, by class. Every text is escaped.
struct TimelineSVG {
    let model: TimelineModel
    /// Makes the SVG's marker and pattern ids unique on a page of several timelines.
    let id: String

    static let labelColumn = 200.0
    static let axisHeight = 34.0
    static let laneHeader = 18.0
    static let barBand = 16.0
    static let levelHeight = 12.0

    /// A row laid out: where it starts and which line each label took.
    private struct RowLayout {
        var y: Double
        var height: Double
        var spanLevels: [Int?]
        var markLevels: [Int?]
        /// Where the row's last label ends.
        var right: Double
    }

    func render() -> String {
        let axis = TimelineAxis(times: model.times, left: Self.labelColumn)
        var layouts: [[RowLayout]] = []
        var right = axis.width
        var y = Self.axisHeight
        var laneTops: [Double] = []
        for lane in model.lanes {
            laneTops.append(y)
            y += Self.laneHeader
            var rows: [RowLayout] = []
            for row in lane.rows {
                var layout = Self.layout(row, axis: axis)
                layout.y = y
                y += layout.height
                right = max(right, layout.right)
                rows.append(layout)
            }
            if lane.rows.isEmpty { y += Self.barBand + 2 }
            layouts.append(rows)
            y += 4
        }
        let height = y + 6
        let width = right + 16
        var out = ""
        out.reserveCapacity(4096 + model.times.count * 200)
        let w = TimelineClock.coordinate(width)
        let h = TimelineClock.coordinate(height)
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"\(w)\" height=\"\(h)\" "
            + "viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-label=\"timeline of \(model.vmLanes.count) VM(s)\">"
        out += "<defs><marker id=\"\(id)-head\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" "
            + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L8,4 L0,8 z\" class=\"arrow-head\"/></marker>"
            + "<pattern id=\"\(id)-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
            + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" class=\"break-bg\"/>"
            + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"break-line\"/></pattern></defs>"
        drawAxis(axis, height: height, into: &out)
        var rowCentre: [String: Double] = [:]
        for (index, lane) in model.lanes.enumerated() {
            drawLane(lane, index: index, top: laneTops[index], rows: layouts[index], axis: axis, width: width, into: &out)
            if let sql = lane.rows.firstIndex(where: { $0.kind == .sqlServer }) {
                rowCentre[lane.name] = layouts[index][sql].y + Self.barBand / 2
            }
        }
        drawBreaks(axis, height: height, into: &out)
        drawArrows(axis: axis, centres: rowCentre, into: &out)
        out += "</svg>"
        return out
    }

    // MARK: Layout

    private static func layout(_ row: TimelineRow, axis: TimelineAxis) -> RowLayout {
        // Labels are placed left to right, whichever kind they are.
        var items: [(x: Double, text: String, essential: Bool, span: Int?, mark: Int?)] = []
        for (index, span) in row.spans.enumerated() {
            if let note = span.note { items.append((axis.x(span.start), note, true, index, nil)) }
        }
        for (index, mark) in row.marks.enumerated() where !mark.label.isEmpty {
            items.append((axis.x(mark.time), mark.label, mark.isEssential, nil, index))
        }
        items.sort { $0.x < $1.x }
        var levels = LabelLevels()
        var spanLevels = [Int?](repeating: nil, count: row.spans.count)
        var markLevels = [Int?](repeating: nil, count: row.marks.count)
        var right = 0.0
        // The same words at the same place once: a failure the writer and the host both report.
        var said = Set<String>()
        for item in items where said.insert("\(Int(item.x.rounded()))|\(item.text)").inserted {
            let level = levels.place(x: item.x, text: item.text, essential: item.essential)
            if let span = item.span { spanLevels[span] = level }
            if let mark = item.mark { markLevels[mark] = level }
            if level != nil { right = max(right, item.x + LabelLevels.width(of: item.text)) }
        }
        let height = barBand + Double(levels.count) * levelHeight + 2
        return RowLayout(y: 0, height: height, spanLevels: spanLevels, markLevels: markLevels, right: right)
    }

    // MARK: Drawing

    private func drawAxis(_ axis: TimelineAxis, height: Double, into out: inout String) {
        out += "<g class=\"axis\"><text x=\"8\" y=\"14\" class=\"axis-title\">simulation clock</text>"
        out += "<text x=\"8\" y=\"27\" class=\"axis-note\">hatched: idle time cut out</text>"
        var lastLabelEnd = -Double.infinity
        for (time, step) in axis.ticks() {
            let x = axis.x(time)
            let label = TimelineClock.moment(time, step: step)
            let xs = TimelineClock.coordinate(x)
            out += "<line x1=\"\(xs)\" y1=\"20\" x2=\"\(xs)\" y2=\"\(TimelineClock.coordinate(height))\" class=\"tick\"/>"
            if x >= lastLabelEnd {
                out += "<text x=\"\(TimelineClock.coordinate(x + 2))\" y=\"16\" class=\"tick-label\">\(Markup.escape(label))</text>"
                lastLabelEnd = x + LabelLevels.width(of: label) + 8
            }
        }
        out += "</g>"
    }

    private func drawLane(_ lane: TimelineLane, index: Int, top: Double, rows: [RowLayout], axis: TimelineAxis,
                          width: Double, into out: inout String) {
        let name = Markup.escape(lane.name)
        let attribute = lane.kind == .vm
            ? "class=\"lane vm\" data-vm=\"\(name)\" data-host=\"\(Markup.escape(lane.host))\""
            : "class=\"lane host\" data-host=\"\(name)\""
        let bottom = (rows.last.map { $0.y + $0.height } ?? top + Self.laneHeader + Self.barBand + 2) + 2
        out += "<g \(attribute)>"
        out += "<rect x=\"0\" y=\"\(TimelineClock.coordinate(top))\" width=\"\(TimelineClock.coordinate(width))\" "
            + "height=\"\(TimelineClock.coordinate(bottom - top))\" class=\"lane-bg \(index % 2 == 0 ? "even" : "odd")\"/>"
        let kind = lane.kind == .vm ? "VM on \(lane.host)" : "host"
        out += "<text x=\"6\" y=\"\(TimelineClock.coordinate(top + 13))\" class=\"lane-name\">\(name)"
            + "<tspan class=\"lane-kind\"> \(Markup.escape(kind))</tspan></text>"
        let failures = lane.failures
        if !failures.isEmpty {
            out += "<text x=\"\(TimelineClock.coordinate(Self.labelColumn + 8))\" y=\"\(TimelineClock.coordinate(top + 13))\" "
                + "class=\"lane-failure\">failed: \(Markup.escape(failures.joined(separator: ", ")))</text>"
        }
        if lane.rows.isEmpty {
            out += "<text x=\"\(TimelineClock.coordinate(Self.labelColumn + 8))\" "
                + "y=\"\(TimelineClock.coordinate(top + Self.laneHeader + 12))\" class=\"quiet\">no events here</text>"
        }
        for (row, layout) in zip(lane.rows, rows) {
            drawRow(row, layout: layout, axis: axis, into: &out)
        }
        out += "</g>"
    }

    private func drawRow(_ row: TimelineRow, layout: RowLayout, axis: TimelineAxis, into out: inout String) {
        let name = Markup.escape(row.name)
        let attribute = row.kind == .writer ? "data-writer=\"\(name)\"" : "data-row=\"\(name)\""
        out += "<g class=\"row\" \(attribute) transform=\"translate(0,\(TimelineClock.coordinate(layout.y)))\">"
        out += "<text x=\"18\" y=\"12\" class=\"row-name\">\(Markup.escape(Self.shortened(row.name, 28)))"
            + "<title>\(name)</title></text>"
        // Backgrounds first, then phases, then the freeze window's outline and the hold.
        for pass in 0..<4 {
            for (index, span) in row.spans.enumerated() where Self.pass(of: span.style) == pass {
                drawSpan(span, level: layout.spanLevels[index], axis: axis, into: &out)
            }
        }
        for (index, mark) in row.marks.enumerated() {
            drawMark(mark, level: layout.markLevels[index], axis: axis, into: &out)
        }
        out += "</g>"
    }

    private static func pass(of style: TimelineStyle) -> Int {
        switch style {
        case .frozen, .nativeBackup, .succeeded, .running: 0
        case .failed: 1
        case .freezeWindow, .flushAndHold: 3
        default: 1
        }
    }

    private func drawSpan(_ span: TimelineSpan, level: Int?, axis: TimelineAxis, into out: inout String) {
        let x0 = axis.x(span.start)
        let x1 = max(axis.x(span.end), x0 + 1.5)
        let (top, bottom): (Double, Double) = switch span.style {
        case .frozen, .freezeWindow: (1, 15)
        case .flushAndHold: (4, 12)
        default: (3, 13)
        }
        let xs = TimelineClock.coordinate(x0)
        out += "<rect x=\"\(xs)\" y=\"\(TimelineClock.coordinate(top))\" width=\"\(TimelineClock.coordinate(x1 - x0))\" "
            + "height=\"\(TimelineClock.coordinate(bottom - top))\" class=\"bar \(span.style.rawValue)\">"
            + "<title>\(Markup.escape(span.title))</title></rect>"
        if span.style != .frozen, span.style != .freezeWindow, let label = span.label,
           LabelLevels.width(of: label) + 6 <= x1 - x0
        {
            out += "<text x=\"\(TimelineClock.coordinate(x0 + 3))\" y=\"11.5\" class=\"in\">\(Markup.escape(label))</text>"
        }
        if let note = span.note, let level = level {
            drawLabel(note, x: x0, level: level, style: span.style, into: &out)
        }
    }

    private func drawMark(_ mark: TimelineMark, level: Int?, axis: TimelineAxis, into out: inout String) {
        let x = axis.x(mark.time)
        let xs = TimelineClock.coordinate(x)
        let title = "<title>\(Markup.escape(mark.title))</title>"
        switch mark.style {
        case .failed:
            out += "<path d=\"M\(xs),2 l5,6 l-5,6 l-5,-6 z\" class=\"mark failed\">\(title)</path>"
        case .errorLog:
            out += "<rect x=\"\(TimelineClock.coordinate(x - 3))\" y=\"5\" width=\"6\" height=\"6\" class=\"mark errorlog\">\(title)</rect>"
        case .warning:
            out += "<path d=\"M\(xs),2 l5,11 l-10,0 z\" class=\"mark warning\">\(title)</path>"
        default:
            out += "<line x1=\"\(xs)\" y1=\"2\" x2=\"\(xs)\" y2=\"14\" class=\"mark info\">\(title)</line>"
        }
        if let level { drawLabel(mark.label, x: x, level: level, style: mark.style, into: &out) }
    }

    /// A label on its line under the bars, tied to its mark by a thin stem.
    private func drawLabel(_ text: String, x: Double, level: Int, style: TimelineStyle, into out: inout String) {
        let baseline = Self.barBand + 9 + Double(level) * Self.levelHeight
        let xs = TimelineClock.coordinate(x)
        out += "<line x1=\"\(xs)\" y1=\"14\" x2=\"\(xs)\" y2=\"\(TimelineClock.coordinate(baseline - 7))\" class=\"stem\"/>"
        out += "<text x=\"\(TimelineClock.coordinate(x + 2))\" y=\"\(TimelineClock.coordinate(baseline))\" "
            + "class=\"label \(style.rawValue)\">\(Markup.escape(text))</text>"
    }

    static func shortened(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
