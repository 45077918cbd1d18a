/// Writer-specific parameters a requester sets for one backup
/// (IVssBackupComponents::SetBackupOptions) and the writer reads along with that backup's
/// events (IVssComponent::GetBackupOptions). They belong to one backup and one writer: no
/// other writer sees them, and the next backup starts without them.
public protocol WriterBackupOptions: AnyObject {}
