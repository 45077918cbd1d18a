import SnapWriter

/// What `vssadmin list writers|shadows|providers` prints, as Windows prints it (English
/// labels): the banner, then one block per item, or Windows' line for an empty list.
public enum VssadminFormat {
    public static let banner = "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
        + "(C) Copyright 2001-2013 Microsoft Corp.\n"

    /// `vssadmin list writers`: banner, a blank line, the blocks, a blank line.
    public static func listWriters(_ statuses: [WriterStatus]) -> String {
        banner + "\n" + writers(statuses) + "\n\n"
    }

    /// `vssadmin list providers`: every provider registered on the machine, Windows' own first.
    public static func listProviders(_ providers: [ShadowCopyProvider]) -> String {
        banner + "\n" + providers.map { provider in
            [
                "Provider name: '\(provider.name)'",
                "   Provider type: \(provider.registration.type.vssadminLabel)",
                "   Provider Id: \(provider.providerId)",
                "   Version: \(provider.registration.version)",
            ].joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n\n"
    }

    /// `vssadmin list shadows` with no shadow copy on the machine: a backup's shadow copies
    /// are released when it ends (VSS_CTX_BACKUP, auto-release), so none outlives a run's step.
    public static func listNoShadows() -> String {
        banner + "\nNo items found that satisfy the query.\n"
    }

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
