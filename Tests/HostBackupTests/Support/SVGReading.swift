import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The `<svg>` elements of a page, each parsed as XML on its own: whether it is
/// well-formed, its `data-vm` lanes in order, and all its text.
final class SVGReading: NSObject, XMLParserDelegate {
    private(set) var error: String?
    private(set) var lanes: [String] = []
    private(set) var writers: [String: [String]] = [:]
    private(set) var text = ""
    private var currentLane: String?

    /// Every `<svg ...>...</svg>` of `html`, as written.
    static func svgs(in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<svg "), let close = rest[open.lowerBound...].range(of: "</svg>") {
            found.append(String(rest[open.lowerBound..<close.upperBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func read(_ svg: String) -> SVGReading {
        let reading = SVGReading()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reading
        if !parser.parse() {
            reading.error = reading.error ?? parser.parserError.map { "\($0)" } ?? "not well-formed"
        }
        return reading
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if let vm = attributes["data-vm"] {
            lanes.append(vm)
            currentLane = vm
        }
        if let writer = attributes["data-writer"], let lane = currentLane { writers[lane, default: []].append(writer) }
        if name == "g", attributes["data-host"] != nil, attributes["data-vm"] == nil { currentLane = nil }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        text += " "
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        error = "line \(parser.lineNumber), column \(parser.columnNumber): \(parseError)"
    }
}
