import Synchronization

/// Decides, operation by operation, which volume faults fire. Shared by a volume's FUSE
/// threads, so every decision is made under one lock and the seeded draws happen in the
/// order the operations arrive: one thread issuing them in order gets the same hits from
/// the same seed every time.
public final class VolumeFaultInjector: Sendable {
    private struct State {
        var rules: [VolumeFaultRule]
        var fired: [Int]
        var random: SeededRandom
        var hits: [VolumeFaultHit] = []
        var latencySpent: [VolumeOperation: Duration] = [:]
        var armed: Bool
    }

    private let state: SleepingMutex<State>
    /// Armed with at least one rule: read without the lock on every I/O, so a volume with
    /// no faults pays nothing for them.
    private let active: Atomic<Bool>
    /// Whether hits wait to be taken: a run traces them after every step and job, on every
    /// volume, and most volumes never have any.
    private let pending = Atomic<Bool>(false)
    /// True where the latency is really spent (a volume mounted for people to use, a run on
    /// the real clock); false on a virtual clock, where it is only counted.
    public let sleepsForReal: Bool

    public init(rules: [VolumeFaultRule] = [], random: SeededRandom = SeededRandom(seed: 0), armed: Bool = true,
                sleepsForReal: Bool = true) {
        state = SleepingMutex(State(rules: rules, fired: rules.map { _ in 0 }, random: random, armed: armed))
        active = Atomic(armed && !rules.isEmpty)
        self.sleepsForReal = sleepsForReal
    }

    public var rules: [VolumeFaultRule] { state.withLock { $0.rules } }

    /// Replaces the rules; counts start again.
    public func replace(_ rules: [VolumeFaultRule]) {
        state.withLock {
            $0.rules = rules
            $0.fired = rules.map { _ in 0 }
            active.store($0.armed && !rules.isEmpty, ordering: .sequentiallyConsistent)
        }
    }

    /// Faults fire only while armed: a scenario's volumes are built unarmed, so creating
    /// the databases' files is never hit, and armed when the first step starts.
    public func arm() {
        state.withLock {
            $0.armed = true
            active.store(!$0.rules.isEmpty, ordering: .sequentiallyConsistent)
        }
    }

    /// No fault fires from now on (a checker reading the volume after a run).
    public func disarm() {
        state.withLock {
            $0.armed = false
            active.store(false, ordering: .sequentiallyConsistent)
        }
    }

    /// Whether any fault can fire now.
    public var isActive: Bool { active.load(ordering: .sequentiallyConsistent) }

    /// What happens to `operation` on `path`: nil when no rule fires. Every matching rule
    /// draws its chance; the latencies of those that fire add up and the first error wins.
    public func decide(_ operation: VolumeOperation, path: String) -> VolumeFaultHit? {
        guard isActive else { return nil }
        return state.withLock { state in
            guard state.armed, !state.rules.isEmpty else { return nil }
            var error: OperatingSystemError?
            var latency = Duration.zero
            var anyFired = false
            for (index, rule) in state.rules.enumerated() where rule.matches(operation, path: path) {
                if let times = rule.times, state.fired[index] >= times { continue }
                if rule.probability < 1, Double(state.random.next() >> 11) / Double(1 << 53) >= rule.probability {
                    continue
                }
                state.fired[index] += 1
                anyFired = true
                latency += rule.latency
                if error == nil { error = rule.error }
            }
            guard anyFired else { return nil }
            let hit = VolumeFaultHit(operation: operation, path: VolumeFaultRule.normalized(path), error: error,
                                     latency: latency)
            state.hits.append(hit)
            pending.store(true, ordering: .sequentiallyConsistent)
            state.latencySpent[operation, default: .zero] += latency
            return hit
        }
    }

    /// The hits since the last call, in order.
    public func takeHits() -> [VolumeFaultHit] {
        guard pending.load(ordering: .sequentiallyConsistent) else { return [] }
        return state.withLock { state in
            pending.store(false, ordering: .sequentiallyConsistent)
            defer { state.hits.removeAll() }
            return state.hits
        }
    }

    /// All latency added to `operation` so far.
    public func latencySpent(on operation: VolumeOperation) -> Duration {
        state.withLock { $0.latencySpent[operation] ?? .zero }
    }

    /// How many times each rule has fired, in rule order.
    public var firedCounts: [Int] { state.withLock { $0.fired } }
}
