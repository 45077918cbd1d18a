import Foundation

/// The thread the world's actor runs on. The world sleeps for real on `clock: real` (a writer
/// told to hang waits out its 60 s there), and a sleep on a thread of Swift's shared pool,
/// which has as many threads as the machine has cores, would take one of them from every
/// other request for that long. On a thread of its own the world can sleep and nothing else
/// waits.
final class WorldThread: SerialExecutor, @unchecked Sendable {
    // Safety: `jobs` and `finished` are only read or changed under `condition`'s lock.
    private var jobs: [UnownedJob] = []
    private var finished = false
    private let condition = NSCondition()

    init(name: String) {
        // The thread holds the executor until `finish()`, so no job can outlive its queue.
        let thread = Thread { self.serve() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.withLock {
            jobs.append(unowned)
            condition.signal()
        }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    /// Lets the thread end once the jobs already queued have run: the actor that owned it
    /// has gone, so no new one can come.
    func finish() {
        condition.withLock {
            finished = true
            condition.signal()
        }
    }

    /// Runs jobs in arrival order until `finish()`.
    private func serve() {
        while true {
            let next: UnownedJob? = condition.withLock {
                while jobs.isEmpty && !finished { condition.wait() }
                return jobs.isEmpty ? nil : jobs.removeFirst()
            }
            guard let next else { return }
            next.runSynchronously(on: asUnownedSerialExecutor())
        }
    }
}
