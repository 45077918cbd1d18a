import HostBackup
import SnapWriter

/// `GET /` (the live timeline page) and `GET /timeline` (the drawing its script fetches when
/// the trace grows). They answer HTML for people, not JSON for programs, so they live outside
/// `/api/v1` and outside the OpenAPI document; the token guards them as every other path.
enum TimelineRoutes {
    static let methods = ["GET"]

    /// True for the paths these routes answer.
    static func answers(_ segments: [String]) -> Bool {
        segments.isEmpty || segments == ["timeline"]
    }

    static func answer(_ request: APIRequest, _ context: ServeContext) throws(APIError) -> APIResponse {
        guard request.method == "GET" else {
            throw .methodNotAllowed(request.method, request.path, allowed: methods)
        }
        let events = context.world.trace()
        if request.path == "/timeline" {
            return .text(LiveTimelinePage.fragment(scenario: context.scenario, events: events),
                         contentType: "text/html; charset=utf-8")
        }
        let at = try RequestReading.count(request, "at")
        return .text(LiveTimelinePage.html(scenario: context.scenario, events: events, at: at),
                     contentType: "text/html; charset=utf-8")
    }
}
