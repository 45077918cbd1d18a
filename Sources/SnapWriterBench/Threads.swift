import Dispatch
import Foundation

/// Plain threads of the bench's own, for workloads that need real blocking parallelism
/// (16 threads each issuing synchronous writes), which Dispatch's pool would cap at the
/// number of cores.
enum Threads {
    /// Starts `count` threads; each waits for `go` before running `body(index)`. Returns
    /// the group to wait on and the gate to open.
    static func start(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) -> (finished: DispatchGroup, go: DispatchSemaphore) {
        let finished = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        for index in 0..<count {
            finished.enter()
            let thread = Thread {
                go.wait()
                body(index)
                finished.leave()
            }
            thread.name = "snapwriter-bench-\(index)"
            thread.start()
        }
        return (finished, go)
    }

    /// Opens the gate for all `count` threads.
    static func release(_ go: DispatchSemaphore, count: Int) {
        for _ in 0..<count { go.signal() }
    }
}
