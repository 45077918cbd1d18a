import Foundation
import SnapWriter

/// The host requestor copying VM images into the repository during one host backup: the
/// guest's `D:` at its snapshot point, read from a snapshot (never from the live volume),
/// stored, read back and verified. Every copy is a line in the trace, in the requestor's
/// scope; a copy that cannot be written or verified fails the VM, naming the file and the
/// system's error.
struct VMImageCopy {
    let backup: RepositoryBackup
    let log: EventLog
    /// The host requestor's trace scope, `HV01/requestor`.
    let scope: String
    /// The scenario's repository fault rules; nil when it has none.
    let faults: RepositoryFaultPlan?

    /// Copies the VM's `D:` from `snapshot`. `quiesced`: the databases the SQL writer held
    /// frozen when the snapshot was taken.
    func copy(_ vm: GuestVM, from snapshot: VolumeSnapshot, source: BackupImage.Source, snapshotId: String?,
              quiesced: Set<String>) throws(ImageCopyFailure) -> BackupImage {
        let clock = vm.vss.clock
        let moment = clock.startDate.addingTimeInterval(clock.now.milliseconds / 1000)
        let image: BackupImage
        let fault = faults?.take(vm: vm.name)
        if let fault {
            log.record(scope, "RepositoryFault", "\(vm.name)'s \(snapshot.volumeName) image: its write fails with "
                + "\(fault.kind.error.name) after \(fault.afterBytes) byte(s)")
        }
        do {
            image = try backup.store(snapshot.files(), vm: vm.name, volume: snapshot.volumeName, source: source,
                                     snapshotId: snapshotId, quiesced: quiesced, modified: moment, failing: fault)
        } catch {
            throw failed(vm, volume: snapshot.volumeName, error)
        }
        let from = switch source {
        case .guestShadowCopy: "the guest's shadow copy \(snapshotId ?? snapshot.id)"
        case .savedState: "the saved VM's disk"
        case .offline: "the VM's disk (the VM is off)"
        case .hostSnapshot: "the host's snapshot of the VM's disk"
        }
        log.record(scope, "ImageCopied", "\(vm.name) \(image.volume) from \(from): \(image.files.count) file(s) → "
            + "\(image.pathInRepository), \(image.bytes) bytes, sha256 \(image.sha256)")
        log.record(scope, "ImageVerified", "\(vm.name) \(image.volume) \(Self.summary(image.verification))")
        return image
    }

    /// The failure of `vm`'s image, traced.
    func failed(_ vm: GuestVM, volume: String, _ error: RepositoryError) -> ImageCopyFailure {
        let failure = ImageCopyFailure(vm: vm.name, volume: volume, error: error)
        log.record(scope, "ImageCopyFailed", "\(failure.message); \(failure.hresult.name) (\(failure.hresult.hex))")
        return failure
    }

    /// The verdict and what it rests on, in one line.
    static func summary(_ verification: ImageVerification) -> String {
        let databases = verification.databases
        var parts = [verification.consistency.rawValue]
        if databases.isEmpty {
            parts.append("no database files")
        } else {
            let frozen = databases.filter(\.quiesced).map(\.database)
            let pages = databases.reduce(0) { $0 + $1.pagesChecked }
            parts.append("\(databases.count) database(s), \(pages) pages checked")
            parts.append(frozen.isEmpty ? "none frozen by the SQL writer"
                : "frozen by the SQL writer: \(frozen.joined(separator: ", "))")
        }
        let problems = verification.problems
        if !problems.isEmpty {
            let counts = Dictionary(grouping: problems, by: \.kind.rawValue).map { "\($0.value.count) \($0.key)" }.sorted()
            parts.append("problems: \(counts.joined(separator: ", "))")
        }
        return parts.joined(separator: "; ")
    }
}
