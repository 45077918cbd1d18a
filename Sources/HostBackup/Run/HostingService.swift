import SnapWriter

/// The Windows services that host writers, by the names `restartService` takes.
/// Restarting one clears the failed state of the writers it hosts.
public enum HostingService {
    public static let writersByService: [String: [String]] = [
        "SQLWriter": [WriterIdentity.sqlServer.name],
        "VSS": [WriterIdentity.registry.name, WriterIdentity.asr.name],
        "CryptSvc": [WriterIdentity.system.name],
        "Winmgmt": [WriterIdentity.wmi.name],
        "vmms": [WriterIdentity.hyperV.name],
    ]

    public static var names: [String] { writersByService.keys.sorted() }
}
