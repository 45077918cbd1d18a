/// How the Hyper-V writer backs up one VM.
public enum BackupMethod: String, Sendable {
    /// Online: the guest's own VSS backup runs through the backup integration service.
    case childVMSnapshot = "child-vm-snapshot"
    /// Offline: the VM is saved during PrepareForSnapshot and resumed at PostSnapshot
    /// (or, when it is off, its files are taken as they are).
    case savedState = "saved-state"
}

/// How one VM fared in a host backup.
public enum VMBackupStatus: String, Sendable {
    case succeeded
    case failed
    case notAttempted = "not-attempted"
}
