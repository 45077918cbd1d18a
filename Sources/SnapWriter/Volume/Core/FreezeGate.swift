/// Flush-and-hold for one volume. Every mutating operation passes the gate: while the
/// volume is not held it runs (counted in flight); while held it is parked with what it
/// needs to be answered later, and never blocks the thread that brought it. Holding waits
/// for the operations in flight to finish first; releasing hands back the parked ones in
/// the order they arrived.
public final class FreezeGate<Parked>: @unchecked Sendable {
    // Safety: every stored property is read and written only under `lock`.
    private let lock = ConditionLock()
    private var holding = false
    private var inFlight = 0
    private var parked: [Parked] = []

    public init() {}

    /// Admits an operation, or parks `payload` while the volume is held. Returns true when
    /// the caller may go on (and must call `leave()` when done).
    public func enter(orPark payload: @autoclosure () -> Parked) -> Bool {
        lock.withLock {
            if holding {
                parked.append(payload())
                return false
            }
            inFlight += 1
            return true
        }
    }

    /// An admitted operation finished.
    public func leave() {
        lock.withLock {
            inFlight -= 1
            if inFlight == 0 { lock.broadcast() }
        }
    }

    /// Holds writes: new ones park; returns once the ones in flight have finished.
    public func hold() {
        lock.withLock {
            holding = true
            lock.wait { inFlight == 0 }
        }
    }

    /// Releases the hold and returns the parked operations, oldest first, for the caller to
    /// replay. Operations arriving from now on run directly.
    public func release() -> [Parked] {
        lock.withLock {
            holding = false
            defer { parked.removeAll() }
            return parked
        }
    }

    /// Replays the parked operations in arrival order, then releases the hold. Operations
    /// arriving during the replay park behind it, so none overtakes an older one.
    public func release(replaying replay: (Parked) -> Void) {
        while true {
            let batch: [Parked] = lock.withLock {
                if parked.isEmpty { holding = false }
                defer { parked.removeAll() }
                return parked
            }
            if batch.isEmpty { return }
            for operation in batch { replay(operation) }
        }
    }

    public var isHolding: Bool { lock.withLock { holding } }
    public var parkedCount: Int { lock.withLock { parked.count } }
}
