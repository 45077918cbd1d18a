import Foundation

/// How long a native backup takes on the scenario clock, and where it writes. Real
/// throughput depends on disks and compression; these figures only make bigger backups
/// take longer, so the workload writes log while they run.
public enum BackupTiming {
    /// Opening the device, writing headers and the final log tail.
    public static let overhead: Duration = .milliseconds(500)
    /// Bytes read and written per second.
    public static let bytesPerSecond = 100.0 * 1024 * 1024

    public static func duration(reading bytes: UInt64) -> Duration {
        overhead + .milliseconds(Int64((Double(bytes) / bytesPerSecond * 1000).rounded()))
    }

    static let mebibyte: UInt64 = 1024 * 1024

    /// `D:\Backup\Sales_LOG_20260105_080130.trn`: the file a maintenance job would name.
    static func deviceName(database: String, request: BackupRequest, at date: Date) -> String {
        let kind =
            switch request.kind {
            case .full: "FULL"
            case .differential: "DIFF"
            case .log: "LOG"
            }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        let stamp = "\(parts.year ?? 0)\(two(parts.month))\(two(parts.day))_\(two(parts.hour))\(two(parts.minute))"
            + two(parts.second)
        let suffix = request.copyOnly ? "_COPY_ONLY" : ""
        return "D:\\Backup\\\(database)_\(kind)\(suffix)_\(stamp).\(request.kind == .log ? "trn" : "bak")"
    }
}
