import Crypto
import Foundation
import SnapWriter

/// One host backup's directory in the repository, `backup-N/`: one image per VM
/// (`<vm>-<volume letter>.tar`, the VM's name encoded by `FileNameEncoding`, see
/// `ImageArchive`) and, once the host backup succeeded, `SHA256SUMS` (the format
/// `sha256sum -c` checks) listing every image, each of them complete. A host backup that
/// failed discards the directory: there are no partial backups.
public final class RepositoryBackup {
    public let number: Int
    /// `backup-N`.
    public let name: String
    public let directory: String
    private let reportedDirectory: String?
    public private(set) var images: [BackupImage] = []
    /// False for a host another shard owns: every image is encoded, digested and verified
    /// as the owner does it, a fault rule fails its write the same way, and nothing is
    /// written, so every shard tells the same story and only the owner keeps the files.
    public let writes: Bool

    init(repository: BackupRepository, number: Int, writes: Bool = true) throws(RepositoryError) {
        self.number = number
        self.writes = writes
        name = "backup-\(number)"
        directory = try DurableFile.confined(repository.directory, name)
        reportedDirectory = repository.reportedName.map { "\($0)/backup-\(number)" }
    }

    /// `backup-` and a number: the directories a repository makes.
    static func isBackupDirectoryName(_ name: String) -> Bool {
        let number = name.dropFirst("backup-".count)
        return name.hasPrefix("backup-") && !number.isEmpty && number.allSatisfy { ("0"..."9").contains($0) }
    }

    /// The image file's name for `vm`'s `volume`: `VM1-D.tar`.
    static func imageFileName(vm: String, volume: String) -> String {
        // `D:` gives `D`; a Linux mount point such as `/data` is encoded into one file name.
        "\(FileNameEncoding.encode(vm))-\(FileNameEncoding.encode(volume.filter { $0 != ":" })).tar"
    }

    /// How reports and errors name an image file: relative to `--out` when there is one,
    /// else inside the repository (`backup-1/VM1-D.tar`).
    func reportedPath(of fileName: String) -> String {
        "\(reportedDirectory ?? name)/\(fileName)"
    }

    /// Copies `files` (a volume's files at its snapshot point) into one image file, fsyncs it,
    /// reads it back, and verifies what the disk holds: its SHA-256 and `ImageVerifier` over
    /// the files the stored archive gives back. `failing`: a repository fault rule hits this
    /// image's write.
    public func store(_ files: [String: [UInt8]], vm: String, volume: String, source: BackupImage.Source,
                      snapshotId: String?, quiesced: Set<String>, modified: Date,
                      failing: RepositoryFaultRule? = nil) throws(RepositoryError) -> BackupImage {
        let fileName = Self.imageFileName(vm: vm, volume: volume)
        let shownAs = reportedPath(of: fileName)
        let injected = failing.map { DurableFile.InjectedFailure(error: $0.kind.error, afterBytes: $0.afterBytes) }
        let encoded = try ImageArchive.encode(files, modified: Int(modified.timeIntervalSince1970))
        let path = try DurableFile.confined(directory, fileName)
        let stored: [UInt8]
        if writes {
            try DurableFile.write(encoded, directory: directory, name: fileName, reportedAs: shownAs, failing: injected)
            stored = try DurableFile.read(path, reportedAs: shownAs)
        } else {
            if let injected { throw DurableFile.injectedError(injected, reportedAs: shownAs) }
            stored = encoded
        }
        let storedFiles: [String: [UInt8]]
        do {
            storedFiles = try ImageArchive.decode(stored)
        } catch {
            throw RepositoryError("verify \(shownAs): \(error.message)")
        }
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
        guard writes else { return }
        let sums = images.map { "\($0.sha256)  \($0.pathInRepository.split(separator: "/").last!)\n" }.joined()
        try DurableFile.write(Array(sums.utf8), directory: directory, name: "SHA256SUMS",
                              reportedAs: reportedPath(of: "SHA256SUMS"))
    }

    /// The host backup failed: every image it copied is removed, with its directory.
    public func discard() {
        if writes { try? FileManager.default.removeItem(atPath: directory) }
        images.removeAll()
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
