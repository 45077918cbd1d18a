import Foundation

/// Shared by every test target. Waits for a condition a test needs rather than for a fixed time: polls every 10 ms and
/// gives up only after `timeout` (a minute by default), so a slow or busy machine delays a
/// test instead of failing it. True when the condition came true.
@discardableResult
public func eventually(within timeout: TimeInterval = 60, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while try !condition() {
        if Date() >= deadline { return false }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return true
}
