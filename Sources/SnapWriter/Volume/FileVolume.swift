/// A volume whose files can be written at an offset and read back whole: what SQL Server's
/// data and log files go through. Writes may be parked while the volume holds writes; a
/// read sees what has been applied.
public protocol FileVolume: AnyObject {
    /// The name Windows tools use: `D:`.
    var name: String { get }
    /// Writes `bytes` at `offset` of the file at `path`, creating or growing it.
    func write(_ path: String, offset: Int, bytes: [UInt8])
    /// The file's bytes as they stand, or nil when there is no such file.
    func read(_ path: String) -> [UInt8]?
}
