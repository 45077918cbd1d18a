import ServiceLifecycle
import SnapWriter

/// The trace as it grows, and the counters Prometheus scrapes.
enum EventRoutes {
    static let routes = [
        APIRoute("GET", "/events", events),
        APIRoute("GET", "/metrics") { _, context in
            .text(context.world.metrics(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        },
    ]

    /// With `wait`, polls the world between short sleeps, so the wait never holds the actor;
    /// a server shutting down answers at once rather than keep its end waiting.
    @Sendable
    private static func events(_ request: APIRequest, _ context: ServeContext) async throws(APIError) -> APIResponse {
        let since = try RequestReading.count(request, "since") ?? 0
        var wait: Double = 0
        if request.query["wait"] != nil {
            let text = request.query["wait"] ?? ""
            guard let value = Double(text), value.isFinite, value >= 0 else {
                throw .badRequest("'wait' must be a number of seconds, 0 or more, found '\(text)'", path: "wait")
            }
            guard value <= RequestReading.maximumWaitSeconds else {
                throw .badRequest("'wait' may be at most \(Int(RequestReading.maximumWaitSeconds)) seconds, found \(text)",
                                  path: "wait")
            }
            wait = value
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(wait * 1000))
        while true {
            let (events, next) = context.world.events(since: since)
            if !events.isEmpty || ContinuousClock.now >= deadline || Task.isCancelled || Task.isShuttingDownGracefully {
                return .json(.object([("events", .array(events)), ("next", .int(next))]))
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
