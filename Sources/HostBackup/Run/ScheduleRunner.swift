import SnapWriter

/// Runs a fleet's schedule after its steps: every job's runs in time order (two due at the
/// same moment in the order they are listed), the workload running in between, until the
/// end of the last day. Day 1 00:00 is when the steps finished.
struct ScheduleRunner {
    let live: LiveWorld
    let schedule: Schedule

    /// One due run of one job.
    private struct Due {
        let second: Int
        let order: Int
        let job: ScheduledJob
    }

    func run() {
        let world = live.world
        let origin = world.clock.now
        var due: [Due] = []
        for (order, job) in schedule.jobs.enumerated() {
            due += job.timing.starts(days: schedule.days).map { Due(second: $0, order: order, job: job) }
        }
        due.sort { ($0.second, $0.order) < ($1.second, $1.order) }
        for run in due {
            live.letTimePass(until: origin + .seconds(run.second))
            live.runJob(run.job, dueSecond: run.second)
        }
        live.letTimePass(until: origin + schedule.duration)
    }
}
