import SnapWriter

/// A fault of the host backup itself rather than of one writer or one volume.
public struct HostFaultRule: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The VM powers off while its guest backup is at `event`.
        case vmStops = "vm-stops"
        /// The guest's Hyper-V Volume Shadow Copy Requestor does not answer the host.
        case integrationServiceSilent = "integration-service-silent"
        /// A second requester starts a host backup while this one is at `event`.
        case secondBackup = "second-backup"
        /// The guest's requester goes away after `event`: no BackupComplete, only BackupShutdown.
        case requesterDisappears = "requester-disappears"
        /// KVM: the backup job takes `seconds` to start while the VM's guest holds its writes.
        case slowBackupStart = "slow-backup-start"

        /// Whether the rule names a VM (`vm:`), or acts on the host.
        var needsVM: Bool { self != .secondBackup }

        /// The hypervisor whose backup the rule breaks.
        var hypervisor: Hypervisor { self == .slowBackupStart ? .kvm : .hyperV }

        /// The events the rule may name, and the one it takes when none is written.
        var events: [WriterEvent] {
            switch self {
            case .vmStops: [.prepareBackup, .prepareSnapshot, .freeze, .thaw, .postSnapshot, .backupComplete]
            case .integrationServiceSilent, .slowBackupStart: []
            // A snapshot set is in progress from StartSnapshotSet to the end of DoSnapshotSet.
            case .secondBackup: [.prepareBackup, .prepareSnapshot, .freeze, .thaw, .postSnapshot]
            // The requester's calls: after GatherWriterMetadata, PrepareForBackup or DoSnapshotSet.
            case .requesterDisappears: [.identify, .prepareBackup, .postSnapshot]
            }
        }

        var defaultEvent: WriterEvent? {
            switch self {
            case .vmStops: .freeze
            case .integrationServiceSilent, .slowBackupStart: nil
            case .secondBackup: .freeze
            case .requesterDisappears: .postSnapshot
            }
        }
    }

    public var kind: Kind
    public var vm: String?
    public var event: WriterEvent?
    /// nil: every host backup.
    public var times: Int?
    /// How long a slow backup job takes to start.
    public var seconds: Double?
    public var location: SourceLocation?

    public init(kind: Kind, vm: String?, event: WriterEvent?, times: Int? = nil, location: SourceLocation? = nil) {
        self.kind = kind
        self.vm = vm
        self.event = event
        self.times = times
        self.location = location
    }
}
