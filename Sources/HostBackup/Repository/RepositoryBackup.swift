import Crypto
import Foundation
import SnapWriter

/// One host backup's directory in the repository, `backup-N/`: one image per VM
/// (`<vm>-<volume letter>.tar`, see `ImageArchive`) and, once the host backup succeeded,
/// `SHA256SUMS` (the format `sha256sum -c` checks). A host backup that failed discards the
/// directory: there are no partial backups.
public final class RepositoryBackup {
    public let number: Int
    /// `backup-N`.
    public let name: String
    public let directory: String
    private let reportedDirectory: String?
    public private(set) var images: [BackupImage] = []

    init(repository: BackupRepository, number: Int) {
        self.number = number
        name = "backup-\(number)"
        directory = repository.directory + "/" + name
        reportedDirectory = repository.reportedName.map { "\($0)/backup-\(number)" }
    }

    /// `backup-` and a number: the directories a repository makes.
    static func isBackupDirectoryName(_ name: String) -> Bool {
        let number = name.dropFirst("backup-".count)
        return name.hasPrefix("backup-") && !number.isEmpty && number.allSatisfy { ("0"..."9").contains($0) }
    }

    /// Copies `files` (a volume's files at its snapshot point) into one image file, fsyncs it,
    /// reads it back, and verifies what the disk holds: its SHA-256 and `ImageVerifier` over
    /// the files the stored archive gives back.
    public func store(_ files: [String: [UInt8]], vm: String, volume: String, source: BackupImage.Source,
                      snapshotId: String?, quiesced: Set<String>, modified: Date) throws(RepositoryError) -> BackupImage {
        let fileName = "\(vm)-\(volume.filter { $0 != ":" }).tar"
        let path = directory + "/" + fileName
        try DurableFile.write(try ImageArchive.encode(files, modified: Int(modified.timeIntervalSince1970)), to: path)
        let stored = try DurableFile.read(path)
        let storedFiles = try ImageArchive.decode(stored)
        let image = BackupImage(
            vm: vm, volume: volume, source: source, snapshotId: snapshotId, pathInRepository: "\(name)/\(fileName)",
            absolutePath: path, reportedPath: reportedDirectory.map { "\($0)/\(fileName)" }, bytes: stored.count,
            sha256: Self.sha256(stored),
            files: storedFiles.keys.sorted().map { BackupImage.File(path: $0, bytes: storedFiles[$0]!.count) },
            verification: ImageVerifier(volumeName: volume).verify(storedFiles, quiesced: quiesced))
        images.append(image)
        return image
    }

    /// The host backup succeeded: its images stay, listed with their digests in `SHA256SUMS`.
    public func keep() throws(RepositoryError) {
        let sums = images.map { "\($0.sha256)  \($0.pathInRepository.split(separator: "/").last!)\n" }.joined()
        try DurableFile.write(Array(sums.utf8), to: directory + "/SHA256SUMS")
    }

    /// The host backup failed: every image it copied is removed, with its directory.
    public func discard() {
        try? FileManager.default.removeItem(atPath: directory)
        images.removeAll()
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
