import SnapWriter

/// `vssadmin list writers` blocks, as Windows prints them (English labels).
public enum VssadminFormat {
    public static func writers(_ statuses: [WriterStatus], indent: String = "") -> String {
        statuses.map { status in
            [
                "Writer name: '\(status.name)'",
                "   Writer Id: \(status.writerId)",
                "   Writer Instance Id: \(status.instanceId)",
                "   State: \(status.state.vssadminLabel)",
                "   Last error: \(status.lastError.vssadminLastError)",
            ].map { indent + $0 }.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
