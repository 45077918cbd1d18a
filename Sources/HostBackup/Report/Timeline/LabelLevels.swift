/// Places a row's labels on lines under its bars so that none covers another: each label
/// takes the first line with room at its x. A label that must show (a failure's HRESULT, an
/// error-log line, a measured duration) opens a new line when none has room; any other label
/// is dropped then, its text still in the tooltip.
struct LabelLevels {
    /// Roughly the width of a character of the 10 px labels.
    static let characterWidth = 6.0
    static let maximumLevels = 12

    private var ends: [Double] = []

    var count: Int { ends.count }

    static func width(of text: String) -> Double { Double(text.count) * characterWidth }

    /// The line for a label from `x`, or nil when it is dropped.
    mutating func place(x: Double, text: String, essential: Bool) -> Int? {
        let end = x + Self.width(of: text) + 6
        if let level = ends.firstIndex(where: { $0 <= x }) {
            ends[level] = end
            return level
        }
        guard essential || ends.isEmpty else { return nil }
        if ends.count < Self.maximumLevels {
            ends.append(end)
            return ends.count - 1
        }
        let level = ends.indices.min { ends[$0] < ends[$1] }!
        ends[level] = end
        return level
    }
}
