import Foundation
import SnapWriter

/// Where a run keeps the images its host backups copy: `DIR/repository/` for `run --out DIR`,
/// or a temporary directory that `removeIfTemporary()` deletes when the run ends (its images
/// are still copied, verified and reported; reports give them no path). Each host backup gets
/// a directory `backup-N/` (N counts the run's host backups from 1); see `RepositoryBackup`.
public final class BackupRepository {
    /// Absolute path of the repository directory.
    public let directory: String
    /// How reports name the repository, relative to the run's output directory
    /// (`repository`); nil for a temporary repository.
    public let reportedName: String?
    private var backupsStarted = 0

    init(directory: String, reportedName: String?) {
        self.directory = directory
        self.reportedName = reportedName
    }

    public var isTemporary: Bool { reportedName == nil }

    public static let directoryName = "repository"

    /// `repository/` inside a run's output directory, created if needed. Backup directories an
    /// earlier run left there (`backup-N`) are removed, so the repository holds this run's only.
    public static func inOutputDirectory(_ output: String) throws(RepositoryError) -> BackupRepository {
        let path = try DurableFile.confined(output, directoryName)
        try createDirectory(path)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names where RepositoryBackup.isBackupDirectoryName(name) {
            try? FileManager.default.removeItem(atPath: try DurableFile.confined(path, name))
        }
        return BackupRepository(directory: URL(fileURLWithPath: path).standardizedFileURL.path, reportedName: directoryName)
    }

    /// A new directory under the system's temporary directory.
    public static func temporary() throws(RepositoryError) -> BackupRepository {
        let run = try DurableFile.confined(FileManager.default.temporaryDirectory.path,
                                           "snapwriter-run-\(UUID().uuidString.lowercased())")
        let path = try DurableFile.confined(run, directoryName)
        try createDirectory(path)
        return BackupRepository(directory: path, reportedName: nil)
    }

    /// The directory of the next host backup, created empty. `writes: false` (another
    /// shard's host): the backup takes its number and makes its images in memory only.
    public func beginBackup(writes: Bool = true) throws(RepositoryError) -> RepositoryBackup {
        backupsStarted += 1
        let backup = try RepositoryBackup(repository: self, number: backupsStarted, writes: writes)
        guard writes else { return backup }
        try? FileManager.default.removeItem(atPath: backup.directory)
        try Self.createDirectory(backup.directory)
        return backup
    }

    /// Deletes a temporary repository and the run directory around it; keeps any other.
    public func removeIfTemporary() {
        guard isTemporary else { return }
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: directory).deletingLastPathComponent().path)
    }

    static func createDirectory(_ path: String) throws(RepositoryError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let system = underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? OperatingSystemError.from(errno: Int32($0.code)) : nil }
            throw RepositoryError("cannot create \(path): " + (system.map { "\($0.text) (\($0.name))" } ?? error.localizedDescription),
                                  systemError: system)
        }
    }
}
