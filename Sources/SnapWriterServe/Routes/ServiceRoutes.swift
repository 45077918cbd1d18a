import SnapWriter

/// The server's own endpoints. Neither touches the world, so a call that holds it never
/// keeps these from answering.
enum ServiceRoutes {
    static let routes = [
        APIRoute("GET", "/health") { _, _ in .json(.object([("status", .string("ok"))])) },
        APIRoute("GET", "/openapi.json") { _, _ in
            APIResponse(status: 200, contentType: "application/json", body: OpenAPIDocument.text)
        },
    ]
}
