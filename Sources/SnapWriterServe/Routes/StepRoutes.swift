import HostBackup
import SnapWriter

/// Driving the world: one scenario step, the virtual clock, a reset, the union history.
enum StepRoutes {
    static let routes = [
        APIRoute("POST", "/steps") { request, context throws(APIError) in
            let text = try RequestReading.jsonText(request)
            let step = try RequestReading.step(text, in: context.scenario)
            if case .workload(let seconds) = step.kind, seconds > RequestReading.maximumSeconds {
                throw .badRequest("a workload step may run at most \(Int(RequestReading.maximumSeconds)) seconds "
                    + "per request, found \(seconds)", path: "steps[0].workload.seconds")
            }
            return .json(try await context.world.perform(step))
        },
        APIRoute("POST", "/clock/advance") { request, context throws(APIError) in
            let fields = try RequestReading.object(request, allowed: ["seconds"])
            let seconds = try RequestReading.seconds(fields["seconds"], key: "seconds",
                                                     maximum: RequestReading.maximumSeconds)
            return .json(try await context.world.advanceClock(seconds: seconds))
        },
        APIRoute("POST", "/reset") { request, context throws(APIError) in
            _ = try RequestReading.object(request, allowed: [], optional: true)
            try await context.world.reset()
            await context.jobs.removeAll()
            return .json(.object([("status", .string("reset"))]))
        },
        APIRoute("GET", "/history") { _, context in .json(context.world.history()) },
    ]
}
