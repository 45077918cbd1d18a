import Foundation

/// The configurations a figure compares, in the order runs interleave: the three file
/// systems, or a host backup through `snapwriter run` and through `snapwriter serve`.
public enum TargetRole: String, CaseIterable, Sendable {
    /// SnapWriter's FUSE volume, served in this process.
    case volume
    /// The C reference passthrough over a directory, in a process of its own.
    case passthrough
    /// The directory itself.
    case native
    /// A host backup by `snapwriter run`.
    case run
    /// The same host backup through `snapwriter serve`'s API.
    case serve

    /// The file-system configurations, in the order of the first round.
    public static let fileSystems: [TargetRole] = [.volume, .passthrough, .native]
}

/// A directory a workload makes its files in, with what must happen before an overwrite.
protocol BenchTarget: AnyObject {
    var role: TargetRole { get }
    /// Where the workload's files go (a mount point, or the native directory).
    var root: String { get }
    /// Called before each run that overwrites existing files. The volume takes a snapshot
    /// here, so the run's writes pay for copy-on-write.
    func beforeOverwrite(label: String) throws(BenchError)
    func stop()
}

/// The native directory: nothing to serve, nothing to stop.
final class NativeDirectory: BenchTarget {
    let role = TargetRole.native
    let root: String

    init(root: String) throws(BenchError) {
        self.root = root
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw BenchError("cannot create \(root): \(error.localizedDescription)")
        }
    }

    func beforeOverwrite(label: String) {}
    func stop() {}
}
