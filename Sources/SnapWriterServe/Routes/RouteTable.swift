/// Every endpoint the server answers, in the order api.md lists them. The OpenAPI document
/// (docs/openapi.json) names exactly these; `OpenAPIRouteTests` fails on any drift.
public enum RouteTable {
    public static let prefix = "/api/v1"

    public static let routes: [APIRoute] =
        ServiceRoutes.routes
        + HostRoutes.routes
        + VMRoutes.routes
        + SessionRoutes.routes
        + StepRoutes.routes
        + FaultRoutes.routes
        + EventRoutes.routes

    /// The route for `method` on `segments`, with its parameters; else the methods the path
    /// allows (empty: no such path).
    static func resolve(method: String, segments: [String]) -> (route: APIRoute, parameters: [String: String])?? {
        var allowed: [String] = []
        for route in routes {
            guard let parameters = route.match(segments) else { continue }
            if route.method == method { return .some((route, parameters)) }
            allowed.append(route.method)
        }
        return allowed.isEmpty ? nil : .some(nil)
    }

    /// The methods `segments` answers, for a 405's message and Allow header.
    static func methods(for segments: [String]) -> [String] {
        routes.filter { $0.match(segments) != nil }.map(\.method)
    }
}
