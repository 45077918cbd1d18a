import Foundation
import SnapWriter

/// A shadow copy a requester session made, as the API lists it, with its exposure when it
/// is mounted for copying.
final class ShadowCopy {
    let snapshot: VolumeSnapshot
    let setId: String
    let sessionId: String
    let createdAt: Date
    var exposure: ExposedSnapshot?
    var exposedAt: Date?

    init(snapshot: VolumeSnapshot, setId: String, sessionId: String, createdAt: Date) {
        self.snapshot = snapshot
        self.setId = setId
        self.sessionId = sessionId
        self.createdAt = createdAt
    }

    var id: String { snapshot.id }

    var json: JSONValue {
        .object([
            ("id", .string(snapshot.id)),
            ("setId", .string(setId)),
            ("volume", .string(snapshot.volumeName)),
            ("createdAt", .string(Self.text(createdAt))),
            ("exposedAt", .optional(exposedAt.map(Self.text))),
            ("mountpoint", .optional(exposure?.mountpoint)),
        ])
    }

    /// Unmounts it if exposed; the shadow copy stays.
    func unexpose() {
        exposure?.close()
        exposure = nil
        exposedAt = nil
    }

    private static func text(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
