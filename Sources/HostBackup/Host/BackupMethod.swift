/// How the Hyper-V writer backs up one VM.
public enum BackupMethod: String, Sendable {
    /// Online: the guest's own VSS backup runs through the backup integration service.
    case childVMSnapshot = "child-vm-snapshot"
    /// Offline: the VM is saved during PrepareForSnapshot and resumed at PostSnapshot
    /// (or, when it is off, its files are taken as they are).
    case savedState = "saved-state"
    /// KVM: the guest froze its file systems (or its VSS writers) through the QEMU guest
    /// agent while the host took its snapshot.
    case guestAgentFreeze = "guest-agent-freeze"
    /// KVM: the host took its snapshot without the guest's help (no agent, or none answered).
    case crashConsistentSnapshot = "crash-consistent-snapshot"

    /// Whether a KVM host backed the VM up: it hears nothing of the guest's writers.
    public var quiescesThroughAgent: Bool { self == .guestAgentFreeze || self == .crashConsistentSnapshot }
}

/// How one VM fared in a host backup.
public enum VMBackupStatus: String, Sendable {
    case succeeded
    case failed
    case notAttempted = "not-attempted"
}
