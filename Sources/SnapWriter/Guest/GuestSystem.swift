/// The operating system inside a VM, as the VM that runs it and the run's reports see it,
/// whichever it is: the machine's trace scope and power (its `vss`: a Windows guest's VSS
/// service; a Linux guest's coordinator has no writers), its data volume, its SQL Server if
/// any, and powering it off. How a host quiesces it is each system's own (WindowsGuest's
/// requester backup; the guest agent on either).
public protocol GuestSystem: AnyObject {
    var vss: VSSCoordinator { get }
    /// The volume the host images: Windows' `D:`, Linux's `/data`.
    var dataVolume: any Volume & FileVolume { get }
    var sqlInstance: SQLInstance? { get }
    /// The guest's volumes, in mount order.
    var volumeNames: [String] { get }
    /// Every database, none of them in a backup.
    var databasesOutsideBackup: [DatabaseBackupResult] { get }
    /// The databases whose I/O SQL Server holds frozen right now: what an image of the
    /// data volume taken now is application-consistent for. It is the verifier's truth
    /// about the image, not anything a host learns from its guest.
    var databasesFrozenNow: Set<String> { get }
    func powerOff()
}
