/// What is drawn over the lanes: the cut idle stretches (hatched) and the AG handshake's
/// arrows between the replicas' rows.
extension TimelineSVG {
    /// The cut idle stretches, over the lanes: a bar that crosses one shows hatched there.
    func drawBreaks(_ axis: TimelineAxis, height: Double, into out: inout String) {
        for cut in axis.breaks {
            let x = TimelineClock.coordinate(cut.x)
            let idle = TimelineClock.duration(cut.milliseconds)
            out += "<g class=\"break\"><rect x=\"\(x)\" y=\"20\" width=\"\(TimelineClock.coordinate(cut.width))\" "
                + "height=\"\(TimelineClock.coordinate(height - 20))\" fill=\"url(#\(id)-hatch)\"/>"
                + "<text x=\"\(TimelineClock.coordinate(cut.x + 2))\" y=\"30\" class=\"break-label\">+\(Markup.escape(idle))</text>"
                + "<title>\(Markup.escape(idle)) without events, cut out of the axis</title></g>"
        }
    }

    func drawArrows(axis: TimelineAxis, centres: [String: Double], into out: inout String) {
        guard !model.arrows.isEmpty else { return }
        out += "<g class=\"arrows\">"
        // Messages of the same moment are spread apart, so a request and its answer both show.
        var usedAt: [Int64: Int] = [:]
        for arrow in model.arrows {
            guard let y1 = centres[arrow.from] else { continue }
            let base = axis.x(arrow.time)
            let key = Int64(base.rounded())
            let shift = Double(usedAt[key, default: 0]) * 12
            usedAt[key, default: 0] += 1
            let x = base + shift
            let xs = TimelineClock.coordinate(x)
            let style = arrow.delivered ? "arrow" : "arrow undelivered"
            let title = "<title>\(Markup.escape(arrow.title))</title>"
            if let y2 = centres[arrow.to] {
                let from = y1 + (y2 > y1 ? 6 : -6)
                let to = y2 + (y2 > y1 ? -6 : 6)
                out += "<g class=\"\(style)\" data-from=\"\(Markup.escape(arrow.from))\" data-to=\"\(Markup.escape(arrow.to))\">"
                    + "<line x1=\"\(xs)\" y1=\"\(TimelineClock.coordinate(from))\" x2=\"\(xs)\" "
                    + "y2=\"\(TimelineClock.coordinate(to))\" marker-end=\"url(#\(id)-head)\"/>"
                    + verticalLabel(arrow.label, x: x + 3, y: (from + to) / 2) + title + "</g>"
            } else {
                // The other replica is not drawn here (another host's lane): a stub names it.
                out += "<g class=\"\(style) stub\" data-from=\"\(Markup.escape(arrow.from))\" data-to=\"\(Markup.escape(arrow.to))\">"
                    + "<line x1=\"\(xs)\" y1=\"\(TimelineClock.coordinate(y1 + 6))\" x2=\"\(xs)\" "
                    + "y2=\"\(TimelineClock.coordinate(y1 + 20))\" marker-end=\"url(#\(id)-head)\"/>"
                    + "<text x=\"\(TimelineClock.coordinate(x + 3))\" y=\"\(TimelineClock.coordinate(y1 + 20))\" "
                    + "class=\"arrow-label\">\(Markup.escape(arrow.label)) → \(Markup.escape(arrow.to))</text>\(title)</g>"
            }
        }
        out += "</g>"
    }

    /// A label written up along its arrow, so the arrows of one moment can stand close.
    func verticalLabel(_ text: String, x: Double, y: Double) -> String {
        let xs = TimelineClock.coordinate(x)
        let ys = TimelineClock.coordinate(y)
        return "<text x=\"\(xs)\" y=\"\(ys)\" transform=\"rotate(-90 \(xs) \(ys))\" text-anchor=\"middle\" "
            + "dominant-baseline=\"hanging\" class=\"arrow-label\">\(Markup.escape(text))</text>"
    }
}
