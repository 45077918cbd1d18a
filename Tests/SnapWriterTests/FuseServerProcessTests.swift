import Foundation
import Testing
@testable import SnapWriter
import TestSupport

/// Reading a mount's server from /proc: alive, a zombie, or gone.
@Suite struct FuseServerProcessTests {
    @Test func theSourceNamesTheServer() {
        #expect(FuseServerProcess.source() == "snapwriter:\(getpid())")
        #expect(FuseServerProcess.pid(inSource: "snapwriter-snapshot:4242") == 4242)
        #expect(FuseServerProcess.pid(inSource: "snapwriter") == nil, "a source of an older form names no server")
        #expect(FuseServerProcess.pid(inSource: "snapwriter:x") == nil)
    }

    @Test func aLiveProcessIsNotGone() {
        #expect(!FuseServerProcess.isGone(getpid()))
    }

    @Test func aZombieAndAReapedProcessAreGone() throws {
        var pid: pid_t = 0
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { arguments.forEach { free($0) } }
        try #require(posix_spawn(&pid, "/bin/true", nil, nil, arguments, environ) == 0)
        // Not reaped yet: once it has exited it is a zombie, which serves nothing.
        #expect(eventually { FuseServerProcess.isGone(pid) })
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        #expect(FuseServerProcess.isGone(pid), "reaped, it is gone altogether")
    }
}
