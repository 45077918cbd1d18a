/// A volume whose files can be written at an offset and read back whole: what SQL Server's
/// data and log files go through. Writes may be parked while the volume holds writes; a
/// read sees what has been applied. I/O that fails (a volume fault, a real disk error) is
/// not thrown at the writer: like an operating system completing asynchronous I/O, the
/// volume keeps the failure until the engine collects it with `takeIOFailures()`.
public protocol FileVolume: AnyObject {
    /// The name Windows tools use: `D:`.
    var name: String { get }
    /// Writes `bytes` at `offset` of the file at `path`, creating or growing it.
    func write(_ path: String, offset: Int, bytes: [UInt8])
    /// The file's bytes as they stand, or nil when there is no such file or reading it failed.
    func read(_ path: String) -> [UInt8]?
    /// Writes and reads that failed since the last call, in the order they failed.
    func takeIOFailures() -> [VolumeIOFailure]
    /// The volume's fault rules (none unless a scenario or the control socket set some).
    var faults: VolumeFaultInjector { get }
}
