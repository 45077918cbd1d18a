import Foundation
import Synchronization
import Testing
@testable import SnapWriter
import TestSupport

@Suite struct FreezeGateTests {
    @Test func heldOperationsParkInOrderAndComeBackOnRelease() {
        let gate = FreezeGate<Int>()
        #expect(gate.enter(orPark: 0))
        gate.leave()
        gate.hold()
        #expect(!gate.enter(orPark: 1))
        #expect(!gate.enter(orPark: 2))
        #expect(gate.parkedCount == 2)
        #expect(gate.release() == [1, 2])
        #expect(gate.enter(orPark: 3))
        gate.leave()
        #expect(gate.parkedCount == 0)
    }

    @Test func holdWaitsForOperationsInFlight() {
        let gate = FreezeGate<Int>()
        #expect(gate.enter(orPark: 0))
        let finished = Mutex(false)
        let holder = Thread {
            gate.hold()
            finished.withLock { $0 = true }
        }
        holder.start()
        #expect(eventually { gate.isHolding }, "the hold began")
        Thread.sleep(forTimeInterval: 0.05)
        #expect(finished.withLock { $0 } == false, "an in-flight write keeps the hold from completing")
        #expect(!gate.enter(orPark: 1), "new writes park as soon as the hold begins")
        gate.leave()
        #expect(eventually { finished.withLock { $0 } })
        #expect(gate.release() == [1])
    }
}

@Suite struct FreezeGateReplayTests {
    @Test func replayKeepsOperationsArrivingMeanwhileBehindTheParkedOnes() {
        let gate = FreezeGate<Int>()
        gate.hold()
        _ = gate.enter(orPark: 1)
        _ = gate.enter(orPark: 2)
        var order: [Int] = []
        gate.release { value in
            order.append(value)
            if value == 1 { #expect(!gate.enter(orPark: 3), "still held while replaying") }
        }
        #expect(order == [1, 2, 3])
        #expect(!gate.isHolding)
        #expect(gate.enter(orPark: 4))
        gate.leave()
    }
}
