import CFuse
import Foundation
import SnapWriter

/// The machine a bench ran on, in one line: cores, memory, the run directory's file system
/// and disk, kernel, libfuse.
enum MachineDescription {
    static func describe(runDirectory: String) -> String {
        var parts: [String] = []
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        let model = cpuModel().map { " (\($0))" } ?? ""
        parts.append("\(cores) cores\(model)")
        let memory = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE))) / Double(1 << 30)
        parts.append(String(format: "%.1f GiB memory", memory))
        if let mount = MountTable().mount(containing: runDirectory) {
            parts.append("\(mount.type) on \(mount.source)\(diskKind(mount.source))")
        }
        var names = utsname()
        uname(&names)
        let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        parts.append("Linux \(release)")
        let version = CFuse_version()
        parts.append("libfuse \(version / 100).\(version % 100)")
        return parts.joined(separator: ", ")
    }

    /// The load average over the last minute, from /proc/loadavg.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }

    private static func cpuModel() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// ", SSD" / ", rotational" from /sys/block for a /dev/<disk> source, else nothing.
    private static func diskKind(_ source: String) -> String {
        guard source.hasPrefix("/dev/") else { return "" }
        var disk = String(source.dropFirst(5))
        // A partition's queue belongs to its disk: vda1 → vda, nvme0n1p1 → nvme0n1.
        if !FileManager.default.fileExists(atPath: "/sys/block/\(disk)") {
            disk = String(disk.reversed().drop(while: \.isNumber).reversed())
            if disk.hasSuffix("p"), !FileManager.default.fileExists(atPath: "/sys/block/\(disk)") { disk.removeLast() }
        }
        guard let flag = try? String(contentsOfFile: "/sys/block/\(disk)/queue/rotational", encoding: .utf8) else { return "" }
        return flag.hasPrefix("0") ? " (non-rotational)" : " (rotational)"
    }
}
