import Foundation
import Testing
@testable import SnapWriter

struct SleepingMutexTests {
    @Test func threadsTakeTurnsSoNoIncrementIsLost() {
        let counter = SleepingMutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 80_000)
    }

    @Test func anErrorThrownInsideLeavesTheLockFreeAndTheChangesMade() {
        struct Refused: Error, Equatable {}
        let value = SleepingMutex([1])
        #expect(throws: Refused.self) {
            try value.withLock { list throws(Refused) in
                list.append(2)
                throw Refused()
            }
        }
        #expect(value.withLock { $0 } == [1, 2], "the lock is free again and kept what was done before the throw")
    }
}
