import Foundation
import Testing
@testable import SnapWriter
import CFuse

/// libfuse3 is linked and `/dev/fuse` opens. Where it does not, the test is skipped with the
/// reason, except when SNAPWRITER_REQUIRE_FUSE=1 (CI), where it fails.
@Suite struct FuseLinkTests {
    static var fuseRequired: Bool { ProcessInfo.processInfo.environment["SNAPWRITER_REQUIRE_FUSE"] == "1" }

    @Test func libfuseIsVersionThreeTwelveOrLater() {
        #expect(CFuse_version() >= 312)
    }

    @Test(.enabled(if: FuseAvailability.deviceUsable || FuseLinkTests.fuseRequired,
                   "/dev/fuse cannot be opened here; FUSE tests are skipped (set SNAPWRITER_REQUIRE_FUSE=1 to fail instead)"))
    func theFuseDeviceOpens() {
        #expect(FuseAvailability.deviceUsable, "SNAPWRITER_REQUIRE_FUSE=1 but /dev/fuse cannot be opened")
    }
}
