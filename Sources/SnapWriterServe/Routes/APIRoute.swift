/// One endpoint: its method, its path pattern under `/api/v1` (`/hosts/{host}/backups/{id}`)
/// and what answers it. The route table is data, so the OpenAPI document can be checked
/// against it without starting a server.
public struct APIRoute: Sendable {
    public typealias Handler = @Sendable (APIRequest, ServeContext) async throws(APIError) -> APIResponse

    public let method: String
    public let pattern: String
    let handler: Handler

    init(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        self.method = method
        self.pattern = pattern
        self.handler = handler
    }

    /// The pattern's parameters taken from `segments` (the path split on `/`, each
    /// percent-decoded), or nil when the path is not this route's.
    func match(_ segments: [String]) -> [String: String]? {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (part, segment) in zip(parts, segments) {
            if part.hasPrefix("{"), part.hasSuffix("}") {
                guard !segment.isEmpty else { return nil }
                parameters[String(part.dropFirst().dropLast())] = segment
            } else if part != segment {
                return nil
            }
        }
        return parameters
    }
}
