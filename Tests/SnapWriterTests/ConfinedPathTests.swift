import Foundation
import SnapWriter
import Testing

/// The one path-making function: components join under the root, a bad component stops the
/// process, and a symbolic link leading out of the root is not followed.
struct ConfinedPathTests {
    @Test func componentsJoinUnderTheRoot() throws {
        #expect(try ConfinedPath.make("/tmp/out", "repository", "backup-1", "VM1-D.tar")
            == "/tmp/out/repository/backup-1/VM1-D.tar")
        #expect(try ConfinedPath.make("/tmp/out/", "result.json") == "/tmp/out/result.json")
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // Components past the first that does not exist yet are joined all the same.
        #expect(try ConfinedPath.make(scratch, "volumes", "VM1", "D", "mnt") == scratch + "/volumes/VM1/D/mnt")
    }

    @Test(arguments: ["", ".", "..", "../x", "a/b", "/", "x\u{0}y"])
    func aBadComponentIsRefused(component: String) {
        #expect(ConfinedPath.refusal(of: component) != nil)
    }

    @Test(arguments: ["VM1", "...", "a b", "%2E%2E", "CON", "a\\b", "\u{FF0F}"])
    func anyOtherComponentIsAccepted(component: String) {
        #expect(ConfinedPath.refusal(of: component) == nil)
    }

    @Test func makingAPathWithDotDotStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = try? ConfinedPath.make("/tmp/out", "..", "escaped")
        }
    }

    @Test func makingAPathWithASeparatorStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = try? ConfinedPath.make("/tmp/out", "a/../../b")
        }
    }

    @Test func makingAPathWithANulStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = try? ConfinedPath.make("/tmp/out", "x\u{0}y")
        }
    }

    @Test func aSymbolicLinkOutOfTheRootIsNotFollowed() throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let root = scratch + "/out"
        let outside = scratch + "/elsewhere"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/repository", withDestinationPath: outside)
        #expect(throws: ConfinedPath.Escape.self) { try ConfinedPath.make(root, "repository", "backup-1") }
        try FileManager.default.createSymbolicLink(atPath: root + "/dangling", withDestinationPath: scratch + "/none")
        #expect(throws: ConfinedPath.Escape.self) { try ConfinedPath.make(root, "dangling") }
    }

    @Test func aSymbolicLinkInsideTheRootIsFollowed() throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch + "/real", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: scratch + "/link", withDestinationPath: scratch + "/real")
        #expect(try ConfinedPath.make(scratch, "link", "file") == scratch + "/link/file")
    }

    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-confined-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
