import SnapWriter

/// The Windows services a `restartService` step may restart in a guest. Restarting one clears
/// the failed state of the writers it hosts, as on Windows, where a failed writer stays failed
/// until its hosting service restarts.
public enum GuestService: String, Sendable, CaseIterable {
    /// SQL Server VSS Writer service.
    case sqlWriter = "SQLWriter"
    /// Volume Shadow Copy: hosts the Registry and ASR writers.
    case volumeShadowCopy = "VSS"
    /// Cryptographic Services: hosts the System Writer.
    case cryptographicServices = "CryptSvc"
    /// Windows Management Instrumentation: hosts the WMI Writer.
    case windowsManagementInstrumentation = "Winmgmt"

    public var hostedWriters: [WriterIdentity] {
        switch self {
        case .sqlWriter: [.sqlServer]
        case .volumeShadowCopy: [.registry, .asr]
        case .cryptographicServices: [.system]
        case .windowsManagementInstrumentation: [.wmi]
        }
    }
}
