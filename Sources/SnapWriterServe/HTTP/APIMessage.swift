import SnapWriter

/// A request as a route sees it (its path's parameters decoded, its query, its body as text)
/// and the answer it gives. Plain values, so routes can be called and tested without a socket.
public struct APIRequest: Sendable {
    public var method: String
    /// The path under `/api/v1`, as sent.
    public var path: String
    /// `{host}`, `{vm}`, `{id}` of the route's pattern, percent-decoded.
    public var parameters: [String: String]
    public var query: [String: String]
    /// nil when the request has no body.
    public var body: String?

    public init(method: String, path: String, parameters: [String: String] = [:], query: [String: String] = [:],
                body: String? = nil) {
        self.method = method
        self.path = path
        self.parameters = parameters
        self.query = query
        self.body = body
    }

    /// A path parameter the route's pattern guarantees.
    func parameter(_ name: String) -> String { parameters[name] ?? "" }
}

public struct APIResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int, contentType: String, body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// JSON, pretty-printed with two spaces and a final newline, as every report of the project.
    static func json(_ value: JSONValue, status: Int = 200) -> APIResponse {
        APIResponse(status: status, contentType: "application/json", body: value.serialized(indent: 2) + "\n")
    }

    /// 204: done, nothing to say (a session released, a shadow copy deleted).
    static let noContent = APIResponse(status: 204, contentType: "application/json", body: "")

    static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> APIResponse {
        APIResponse(status: 200, contentType: contentType, body: text)
    }

    static func error(_ error: APIError) -> APIResponse { json(error.json, status: error.status) }
}
