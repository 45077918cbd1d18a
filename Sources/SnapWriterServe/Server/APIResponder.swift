import Foundation
import HTTPTypes
import Hummingbird

/// Hummingbird's side of the API: checks the token, resolves the route (404 for an unknown
/// path, 405 for a known path with another method), reads the body up to its limit (413
/// before reading more) and turns the route's answer or `APIError` into a response.
struct APIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    /// The most a request body may hold: 1 MiB.
    static let bodyLimit = 1 << 20

    let context: ServeContext
    let token: BearerToken?

    func respond(to request: Request, context requestContext: BasicRequestContext) async throws -> Response {
        let answer = await answer(request)
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        if answer.status == 405 {
            let segments = Self.segments(of: request.uri.path)
            let methods = TimelineRoutes.answers(segments) ? TimelineRoutes.methods
                : RouteTable.methods(for: segments.dropFirst(2).map { $0 })
            headers[.allow] = methods.joined(separator: ", ")
        }
        if answer.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: .init(code: answer.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }

    private func answer(_ request: Request) async -> APIResponse {
        let method = request.method.rawValue
        let segments = Self.segments(of: request.uri.path)
        if TimelineRoutes.answers(segments) {
            if let token, !token.admits(request.headers[.authorization]) { return .error(.unauthorized) }
            let page = APIRequest(method: method, path: "/" + segments.joined(separator: "/"), query: Self.query(of: request))
            do {
                return try TimelineRoutes.answer(page, context)
            } catch {
                return .error(error)
            }
        }
        guard segments.count >= 2, segments[0] == "api", segments[1] == "v1" else {
            return .error(.notFound("no endpoint \(method) \(request.uri.path); every path is under \(RouteTable.prefix)"))
        }
        let path = Array(segments.dropFirst(2))
        let isHealth = method == "GET" && path == ["health"]
        if let token, !isHealth, !token.admits(request.headers[.authorization]) { return .error(.unauthorized) }
        guard let resolved = RouteTable.resolve(method: method, segments: path) else {
            return .error(.notFound("no endpoint \(method) \(request.uri.path)"))
        }
        guard let (route, parameters) = resolved else {
            return .error(.methodNotAllowed(method, request.uri.path, allowed: RouteTable.methods(for: path)))
        }
        let body: String?
        do {
            body = try await Self.body(of: request)
        } catch {
            return .error(error)
        }
        let apiRequest = APIRequest(method: method, path: "/" + path.joined(separator: "/"), parameters: parameters,
                                    query: Self.query(of: request), body: body)
        do {
            return try await route.handler(apiRequest, context)
        } catch {
            return .error(error)
        }
    }

    /// The body as text, refused with 413 from its Content-Length before any of it is read,
    /// or once more than the limit arrived without one.
    private static func body(of request: Request) async throws(APIError) -> String? {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > bodyLimit {
            throw .tooLarge(limit: bodyLimit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: bodyLimit)
        } catch {
            throw .tooLarge(limit: bodyLimit)
        }
        guard buffer.readableBytes > 0 else { return nil }
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes),
              text.utf8.count == buffer.readableBytes
        else {
            throw .badRequest("the body is not UTF-8 text")
        }
        return text
    }

    /// The path's segments, each percent-decoded; a segment that does not decode stays as sent.
    static func segments(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
    }

    private static func query(of request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            query[String(key)] = String(value)
        }
        return query
    }
}
